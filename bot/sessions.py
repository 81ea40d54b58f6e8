"""Server-issued conversation ids, so that knowing or guessing an id is not enough to join a conversation.

A client holds a token `<conversation id>.<signature>`; the conversation id alone (which appears in
tickets, logs and the agent's tools) is useless without the signature, an HMAC under a secret only the
servers know. A missing, forged or unsigned token gets a new, empty conversation.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from bot import settings

SECRET_ENV = "ZHAIDA_SESSION_SECRET"
SECRET_FILE = "session_secret"
_TOKEN = re.compile(r"^(w[0-9a-f]{32})\.([A-Za-z0-9_-]{22})$")


@dataclass(frozen=True)
class Session:
    conversation_id: str
    token: str


@functools.cache
def _secret(var_dir: str) -> bytes:
    """The secret from the environment, else one generated on first run and kept under var/."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return configured.encode()
    path = Path(var_dir) / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_urlsafe(48).encode()
    # O_EXCL: when two servers start at once, the first file wins and both read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as out:
        out.write(fresh)
    return fresh


def secret() -> bytes:
    return _secret(str(settings.VAR_DIR))


def _sign(conversation_id: str) -> str:
    digest = hmac.new(secret(), conversation_id.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue() -> Session:
    from bot.privacy import mask_pii

    # About 1 random id in 200 holds a digit run shaped like a phone, ID-card or bank-card number; such an
    # id would be stored hashed (storage_key), so an operator or a test looking it up by the id it was
    # given would find nothing. Draw again: an issued id never looks like a personal number.
    while True:
        conversation_id = "w" + uuid.uuid4().hex
        if mask_pii(conversation_id) == conversation_id:
            return Session(conversation_id, f"{conversation_id}.{_sign(conversation_id)}")


def verify(token: object) -> Session | None:
    """The session a token proves, or None for anything else (missing, unsigned, forged, malformed)."""
    if not isinstance(token, str):
        return None
    match = _TOKEN.match(token)
    if not match or not hmac.compare_digest(match.group(2), _sign(match.group(1))):
        return None
    return Session(match.group(1), token)


def resume_or_issue(token: object) -> tuple[Session, bool]:
    """The client's session when its token is valid, else a new one; the flag says whether it is new."""
    session = verify(token)
    return (session, False) if session else (issue(), True)


def storage_key(sender_id: str) -> str:
    """The id a conversation is stored under: a sender id that carries a personal number is stored hashed."""
    from bot.privacy import mask_pii

    if mask_pii(sender_id) == sender_id:
        return sender_id
    return "pii-" + hmac.new(secret(), sender_id.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]
