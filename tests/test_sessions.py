"""Server-issued sessions: signed, and never shaped like a personal number."""

import uuid

from bot import sessions
from bot.privacy import mask_pii


def test_an_issued_id_never_looks_like_a_personal_number(monkeypatch):
    drawn = iter([uuid.UUID("13812345678a4b2c8d9e0f1a2b3c4d5e"), uuid.UUID("abcdefabcdef4bcd8def0a1b2c3d4e5f")])
    monkeypatch.setattr(sessions.uuid, "uuid4", lambda: next(drawn))
    session = sessions.issue()
    assert session.conversation_id == "wabcdefabcdef4bcd8def0a1b2c3d4e5f"
    assert sessions.storage_key(session.conversation_id) == session.conversation_id


def test_issued_ids_are_stored_under_themselves_and_their_tokens_verify():
    for _ in range(2000):  # about 1 raw id in 200 would hold a phone-shaped digit run
        session = sessions.issue()
        assert mask_pii(session.conversation_id) == session.conversation_id
        assert sessions.verify(session.token) == session
