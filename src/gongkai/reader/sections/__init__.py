"""Stage 3, one parser per official table of the annual report.

`section2` reads 二 主动公开政府信息情况, `section3` 三 收到和处理政府信息公开申请情况,
`section4` 四 政府信息公开行政复议、行政诉讼情况; each holds the table's rows and rules and
drives the `tables` stage over them. Imports `tables`, `sources` and `result`.
"""
