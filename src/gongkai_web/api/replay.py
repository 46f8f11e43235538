"""The receipt of a submission kept for a retry with the same `Idempotency-Key`.

A retry must get the first receipt again, verification code included, but the database
must not hold that code readably. So the replay record keeps:

- the SHA-256 of the Idempotency-Key (never the key), unique per token;
- the code sealed with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived by HKDF
  from the server's SECRET_KEY (the HKDF salt) and, as input key material, the
  client's bearer token and Idempotency-Key. Only a retry presenting the same token and
  the same key, on a server holding the same SECRET_KEY (or one of its
  SECRET_KEY_FALLBACKS), can open it; the database, a backup, or the database with
  the SECRET_KEY cannot;
- the application it registered, for good: a retry later than `REPLAY_FOR` (24 h)
  still makes no second case, but the sealed code is gone (deleted by the next
  submission, and never opened past its age), and the client is told to use the
  first receipt.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

REPLAY_FOR = timedelta(hours=24)
INFO = b"gongkai.api.idempotency.receipt-code.v1"


def key_digest(key: str) -> str:
    """Return what is stored of an Idempotency-Key: its SHA-256."""
    return hashlib.sha256(key.encode()).hexdigest()


def _fernet(server_key: str, bearer: str, key: str) -> Fernet:
    material = b"\n".join(part.encode() for part in (bearer, key))
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=server_key.encode(), info=INFO
    ).derive(material)
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(code: str, *, bearer: str, key: str) -> str:
    """Return `code` encrypted for a retry presenting `bearer` and `key`."""
    return _fernet(settings.SECRET_KEY, bearer, key).encrypt(code.encode()).decode()


def unseal(
    sealed: str, *, bearer: str, key: str, created: datetime, now: datetime
) -> str | None:
    """Return the sealed code, or None when it is gone, too old or cannot be opened
    (another token, another key, a SECRET_KEY no longer configured)."""
    if not sealed or now - created > REPLAY_FOR:
        return None
    server_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    for server_key in server_keys:
        try:
            return _fernet(server_key, bearer, key).decrypt(sealed.encode()).decode()
        except InvalidToken:
            continue
    return None
