"""The closed vocabularies of an application record: outcome, applicant type, channel.

Ids and labels come from `report/formats/` (the section 三 table), so the categories a
case is recorded in are exactly the rows and columns the annual report counts.
"""

from __future__ import annotations

import re
from enum import StrEnum

from gongkai.report.formats import (
    APPLICANT_TYPES,
    FORMATS,
    ApplicationRow,
    FormatId,
    get_format,
    outcome_row_ids,
)


class Outcome(StrEnum):
    """One outcome row of report-schema.md `applications` (either format)."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    DENIED_STATE_SECRET = "denied_state_secret"
    DENIED_PROHIBITED_BY_LAW = "denied_prohibited_by_law"
    DENIED_SECURITY_STABILITY = "denied_security_stability"
    DENIED_THIRD_PARTY = "denied_third_party"
    DENIED_INTERNAL_AFFAIRS = "denied_internal_affairs"
    DENIED_PROCESS_INFO = "denied_process_info"
    DENIED_ENFORCEMENT_FILE = "denied_enforcement_file"
    DENIED_ADMINISTRATIVE_QUERY = "denied_administrative_query"
    UNABLE_NOT_HELD = "unable_not_held"
    UNABLE_NEEDS_CREATION = "unable_needs_creation"
    UNABLE_UNCLEAR_AFTER_CORRECTION = "unable_unclear_after_correction"
    NOT_PROCESSED_PETITION = "not_processed_petition"
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation"
    OTHER_NO_CORRECTION = "other_no_correction"  # format 2021 only
    OTHER_UNPAID_FEE = "other_unpaid_fee"  # format 2021 only
    OTHER_MISC = "other_misc"  # format 2021 only
    OTHER = "other"  # format 2019 only: the one (六)其他处理 row

    @property
    def row(self) -> ApplicationRow:
        """The row of the table this outcome is counted in (the newest format's)."""
        return _ROWS[self]

    @property
    def label(self) -> str:
        """Short Chinese label: `不予公开-保护第三方合法权益`, `予以公开`."""
        return display_label(self.row)

    @property
    def letter_label(self) -> str:
        """The result as a letter states it, without the report's counting notes."""
        return _COUNTING_NOTE.sub("", self.label)

    @property
    def basis(self) -> str:
        """The provisions a letter with this outcome cites (process.md §3.7).

        Empty for `not_processed_confirmation` (no article names it), `other_misc`
        and `other` (a withdrawal rests on the applicant's act).
        """
        return LEGAL_BASIS[self]

    @property
    def official_label(self) -> str:
        """The label as printed in the official format, group and item."""
        return self.row.full_label

    @property
    def formats(self) -> frozenset[FormatId]:
        """The formats whose table has this row."""
        return frozenset(
            f
            for f, spec in FORMATS.items()
            if any(r.id == self for r in spec.outcome_rows)
        )


def _rows() -> dict[Outcome, ApplicationRow]:
    found: dict[Outcome, ApplicationRow] = {}
    for spec in FORMATS.values():  # oldest first: a later format's label wins
        found.update({Outcome(row.id): row for row in spec.outcome_rows})
    return found


if frozenset(Outcome) != outcome_row_ids():  # the formats are the one source of row ids
    raise RuntimeError(
        f"Outcome differs from formats.outcome_row_ids(): "
        f"{sorted(set(Outcome) ^ outcome_row_ids())}"
    )
_ROWS = _rows()

# 「（区分处理的，只计这一情形，不计其他情形）」 tells report compilers how to count; a
# letter to an applicant never carries it.
_COUNTING_NOTE = re.compile(r"[（(][^（）()]*(?:只计|不计)[^（）()]*[）)]")

_REGULATIONS = "《中华人民共和国政府信息公开条例》"
_FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
# The provisions each outcome rests on (process.md §3.7), as a letter cites them.
LEGAL_BASIS: dict[Outcome, str] = {
    Outcome.GRANTED: f"{_REGULATIONS}第三十六条第（二）项",
    Outcome.PARTIALLY_GRANTED: f"{_REGULATIONS}第三十七条",
    Outcome.DENIED_STATE_SECRET: f"{_REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.DENIED_PROHIBITED_BY_LAW: f"{_REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.DENIED_SECURITY_STABILITY: f"{_REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.DENIED_THIRD_PARTY: (
        f"{_REGULATIONS}第十五条、第三十二条、第三十六条第（三）项"
    ),
    Outcome.DENIED_INTERNAL_AFFAIRS: (
        f"{_REGULATIONS}第十六条第一款、第三十六条第（三）项"
    ),
    Outcome.DENIED_PROCESS_INFO: f"{_REGULATIONS}第十六条第二款、第三十六条第（三）项",
    Outcome.DENIED_ENFORCEMENT_FILE: (
        f"{_REGULATIONS}第十六条第二款、第三十六条第（三）项"
    ),
    Outcome.DENIED_ADMINISTRATIVE_QUERY: f"{_REGULATIONS}第三十六条第（七）项",
    Outcome.UNABLE_NOT_HELD: f"{_REGULATIONS}第三十六条第（四）项",
    Outcome.UNABLE_NEEDS_CREATION: f"{_REGULATIONS}第三十八条",
    Outcome.UNABLE_UNCLEAR_AFTER_CORRECTION: f"{_REGULATIONS}第三十条",
    Outcome.NOT_PROCESSED_PETITION: f"{_REGULATIONS}第三十九条第一款",
    Outcome.NOT_PROCESSED_DUPLICATE: f"{_REGULATIONS}第三十六条第（六）项",
    Outcome.NOT_PROCESSED_PUBLICATION: f"{_REGULATIONS}第三十九条第二款",
    Outcome.NOT_PROCESSED_EXCESSIVE: f"{_REGULATIONS}第三十五条",
    # No article names it (process.md §3.7, practice).
    Outcome.NOT_PROCESSED_CONFIRMATION: "",
    Outcome.OTHER_NO_CORRECTION: f"{_REGULATIONS}第三十条",
    Outcome.OTHER_UNPAID_FEE: _FEE_RULES,
    # Withdrawal and the like rest on the applicant's act, not on an article.
    Outcome.OTHER_MISC: "",
    Outcome.OTHER: "",
}

_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|\d+\s*[.．、])\s*")


def strip_numbering(label: str) -> str:
    """Return a label without its leading （三） or 4. numbering."""
    return _NUMBERING.sub("", label).strip()


def display_label(row: ApplicationRow) -> str:
    """Return `group-item` without numbering, or the item alone when it has no group."""
    item = strip_numbering(row.label)
    return f"{strip_numbering(row.group)}-{item}" if row.group else item


def outcome_for_format(outcome: Outcome, format_id: FormatId | str) -> Outcome:
    """Return the row an outcome is counted in for a format (its `outcome_fallback`).

    2019 has one (六)其他处理 row for the three 2021 rows; a 2019 `other` recorded in a
    2021 table is counted as 3.其他 (`other_misc`), the 2021 catch-all.

    Raises:
        ValueError: for an unregistered format.
    """
    return Outcome(get_format(format_id).outcome_row_for(outcome.value))


class ApplicantType(StrEnum):
    """The six applicant columns of the section 三 table."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    SOCIAL_WELFARE = "social_welfare"
    LEGAL_SERVICE = "legal_service"
    OTHER_ORG = "other_org"

    @property
    def label(self) -> str:
        """The column label: 自然人 … 其他."""
        return _APPLICANT_LABELS[self]

    @property
    def long_label(self) -> str:
        """The label with its group: 其他 is 其他法人或其他组织 (ledger.md)."""
        return "其他法人或其他组织" if self is ApplicantType.OTHER_ORG else self.label


_APPLICANT_LABELS = {
    ApplicantType(column.id): column.label for column in APPLICANT_TYPES
}
if [t.value for t in ApplicantType] != [column.id for column in APPLICANT_TYPES]:
    raise RuntimeError("ApplicantType differs from formats.APPLICANT_TYPES")


class Channel(StrEnum):
    """How an application arrived; fixes its receipt date (条例第三十一条)."""

    IN_PERSON = "in_person"
    POST = "post"
    ORDINARY_LETTER = "ordinary_letter"
    ONLINE = "online"
    FAX = "fax"
    EMAIL = "email"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CHANNELS[self][0]

    @property
    def receipt_rule(self) -> str:
        """What counts as 收到申请之日 for this channel (条例第三十一条)."""
        return _CHANNELS[self][1]


_BOTH_CONFIRM = "以双方确认之日为收到申请之日（第三十一条第（三）项）"
_CHANNELS: dict[Channel, tuple[str, str]] = {
    Channel.IN_PERSON: ("当面", "以提交之日为收到申请之日（第三十一条第（一）项）"),
    Channel.POST: (
        "邮寄",
        "以行政机关签收之日为收到申请之日（第三十一条第（二）项）",
    ),
    Channel.ORDINARY_LETTER: (
        "平常信函",
        "以政府信息公开工作机构于收到当日与申请人确认之日为收到申请之日"
        "（第三十一条第（二）项）",
    ),
    Channel.ONLINE: ("网络", _BOTH_CONFIRM),
    Channel.FAX: ("传真", _BOTH_CONFIRM),
    # 电子邮件 is an internet channel (数据电文); 第三十一条 does not name it (practice).
    Channel.EMAIL: ("电子邮件", _BOTH_CONFIRM + "（实践做法）"),
    Channel.OTHER: (
        "其他",
        "条例未作规定：以实际收到并与申请人确认之日为准（实践做法）",
    ),
}
