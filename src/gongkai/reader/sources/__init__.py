"""Stage 1, bytes -> `Document` -> tokens: what was printed, in reading order.

`decode` sniffs the kind of file and decodes plain text; `html`, `docx`, `pdf` and
`xlsx` turn a structured file into one or more `document.Document`s (lines, and table
cells with where they were printed); `text` and `tokens` cut lines into tokens (labels,
numbers, dashes); `normalize` folds full-width forms, traditional characters and label
spellings. Imports nothing else of the reader but `result` (the provenance `Entry`).
"""
