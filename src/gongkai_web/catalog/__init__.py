"""The proactive-disclosure catalog (政府信息公开目录) of each agency.

Catalog items move through the review workflow of `gongkai.proactive` (draft →
保密审查 → 审批 → 公开 → 废止), each step by its role and written to the item's
event log and the audit log; counts that come from other business systems are entered
per year with their source; a bigram index serves the portal's full-text search.
"""
