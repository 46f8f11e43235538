"""The merged cells of the official layouts, as (rows, columns) each must cover.

Written from formats.md §3–§5 (not from `render.layout`), so a test comparing a
rendering against these catches a layout that drifts from the format notices.
"""

from __future__ import annotations

from gongkai.report.formats import APPLICATIONS_CORNER, F2019, F2021, FormatId

Spans = dict[tuple[str, str], tuple[int, int]]

_A, _P, _R = "applications", "proactive", "review_litigation"
COMMON: Spans = {
    (_A, APPLICATIONS_CORNER): (3, 3),
    (_A, "申请人情况"): (1, 7),
    (_A, "自然人"): (2, 1),
    (_A, "法人或其他组织"): (1, 5),
    (_A, "总计"): (2, 1),
    (_A, "一、本年新收政府信息公开申请数量"): (1, 3),
    (_A, "二、上年结转政府信息公开申请数量"): (1, 3),
    (_A, "（一）予以公开"): (1, 2),
    (_A, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"): (1, 2),
    (_A, "（三）不予公开"): (8, 1),
    (_A, "1.属于国家秘密"): (1, 1),
    (_A, "（四）无法提供"): (3, 1),
    (_A, "（五）不予处理"): (5, 1),
    (_A, "（七）总计"): (1, 2),
    (_A, "四、结转下年度继续办理"): (1, 3),
    (_R, "行政复议"): (1, 5),
    (_R, "行政诉讼"): (1, 10),
    (_R, "未经复议直接起诉"): (1, 5),
    (_R, "复议后起诉"): (1, 5),
    (_P, "第二十条第（一）项"): (1, 4),
    (_P, "第二十条第（五）项"): (1, 4),
}
BY_FORMAT: dict[FormatId, Spans] = {
    F2019: {
        (_A, "三、本年度办理结果"): (20, 1),
        (_A, "（六）其他处理"): (1, 2),
        (_P, "第二十条第（九）项"): (1, 4),
        (_P, "采购总金额"): (1, 2),
    },
    F2021: {
        (_A, "三、本年度办理结果"): (22, 1),
        (_A, "（六）其他处理"): (3, 1),
        (_P, "本年收费金额（单位：万元）"): (1, 3),
    },
}


def expected_spans(format_id: FormatId, has_review: bool) -> Spans:
    """(table, cell text) -> (rows, columns) for a report of this format."""
    spans = {**COMMON, **BY_FORMAT[format_id]}
    return {key: span for key, span in spans.items() if has_review or key[0] != _R}
