"""The public portal (no login): agencies, their 政府信息公开指南, catalog search,
published annual reports, the online application form with its receipt, and the
status page by tracking number and verification code."""
