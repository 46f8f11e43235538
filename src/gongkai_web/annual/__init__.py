"""The annual report (政府信息公开工作年度报告) of an agency and a year, end to end.

Sections 二, 三 and 四 are computed from the agency's records (catalog and entered
counts, applications by database aggregation, the review register); sections 一, 五
and 六 are written on the official scaffold. The draft is validated, previewed in the
official layout, approved and published by the approver as an immutable
`ReportVersion` (canonical JSON, content hash, who, when, HTML/DOCX/PDF); a correction
is a new version with a public correction note.
"""
