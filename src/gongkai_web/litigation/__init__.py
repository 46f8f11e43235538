"""The reconsideration and litigation register (复议诉讼台账) of each agency.

Cases are linked to the applications they concern; section 四 of the annual report is
counted from them by `gongkai.litigation.review_table`. Whether a case concluded in a
later year is counted again in that year is an option stored per agency and report
year (`ReviewCounting`), printed in the report's notes.
"""
