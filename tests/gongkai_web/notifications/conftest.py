from __future__ import annotations

from tests.gongkai_web.outbox.conftest import no_wait, smtp

__all__ = ["no_wait", "smtp"]
