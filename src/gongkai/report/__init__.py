"""The annual report (政府信息公开工作年度报告): formats, model, JSON codec, validator."""
