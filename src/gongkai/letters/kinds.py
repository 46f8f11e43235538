"""The letters a disclosure case produces, and the event that produces each.

受理回执 at registration, 补正告知书 with the correction notice (条例第三十条), 延期答复告知书
with the extension (第三十三条第二款), 第三方意见征询函 when a consultation starts (第三十二条),
收费通知 with the fee notice (国办函〔2020〕109号), 答复书 with the reply (第三十六条至第三十九条),
终止办理告知书 when a case closes without a reply (no correction, no payment, withdrawal).
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.vocabulary import Outcome
from gongkai.workflow import ACTION_OUTCOMES, Action


class LetterKind(StrEnum):
    RECEIPT = "receipt"
    CORRECTION = "correction"
    EXTENSION = "extension"
    CONSULTATION = "consultation"
    FEE = "fee"
    REPLY = "reply"
    TERMINATION = "termination"

    @property
    def label(self) -> str:
        """The letter's name: 受理回执, 答复书 …"""
        return _LABELS[self][0]

    @property
    def event(self) -> Action:
        """The case event that produces this letter (for a termination, the first)."""
        return _LABELS[self][1]

    @property
    def has_outcome(self) -> bool:
        """Whether the letter's wording depends on the case's outcome."""
        return self in (LetterKind.REPLY, LetterKind.TERMINATION)


_LABELS: dict[LetterKind, tuple[str, Action]] = {
    LetterKind.RECEIPT: ("受理回执", Action.REGISTER),
    LetterKind.CORRECTION: ("补正告知书", Action.ASK_CORRECTION),
    LetterKind.EXTENSION: ("延期答复告知书", Action.EXTEND),
    LetterKind.CONSULTATION: ("第三方意见征询函", Action.START_CONSULTATION),
    LetterKind.FEE: ("收费通知", Action.FEE_NOTICE),
    LetterKind.REPLY: ("答复书", Action.REPLY),
    LetterKind.TERMINATION: ("终止办理告知书", Action.CORRECTION_LAPSED),
}

# The outcome each closing event gives its case; the 终止办理告知书 is worded per outcome.
TERMINATION_OUTCOMES: dict[Action, Outcome] = dict(ACTION_OUTCOMES)

# The letter each event produces.
EVENT_LETTERS: dict[Action, LetterKind] = {
    **{kind.event: kind for kind in LetterKind},
    **dict.fromkeys(TERMINATION_OUTCOMES, LetterKind.TERMINATION),
}


def letter_outcomes(kind: LetterKind) -> tuple[Outcome | None, ...]:
    """Return the outcomes a kind has its own wording for (`(None,)` for one wording)."""
    if kind is LetterKind.REPLY:
        closing = {*TERMINATION_OUTCOMES.values(), Outcome.OTHER}  # 2019: no reply
        return tuple(o for o in Outcome if o not in closing)
    if kind is LetterKind.TERMINATION:
        return tuple(TERMINATION_OUTCOMES.values())
    return (None,)
