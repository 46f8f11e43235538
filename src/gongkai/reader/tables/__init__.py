"""Stage 2, tokens -> rows -> cells -> chosen values with provenance and notes.

`regions` finds the official tables in the token stream; `labels` and `rows` match
printed row labels to official rows and tell the format; `cells` (with `glued` for
digits printed without gaps) lists the ways a row can be read; `choice` keeps the
readings the table's rules allow (and `figures`, the numbers stated in the prose);
`emit` turns the chosen reading into values, provenance entries and notes. Imports
`sources` and `result`, never `sections`.
"""
