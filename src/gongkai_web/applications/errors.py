"""Errors the web layer raises on purpose (they are GongkaiErrors, so the CLI prints them)."""

from __future__ import annotations

from gongkai.errors import GongkaiError


class ActionRefused(GongkaiError):
    """A person may not do this (role), or the request is impossible (a date in the future)."""
