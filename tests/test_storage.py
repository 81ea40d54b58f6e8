"""Our tables and Rasa's tracker store on a real SQLite file and on the PostgreSQL server."""
import uuid

from bot import handoff


def test_handoff_requests_are_stored_masked(database_url):
    conversation = f"c-{uuid.uuid4().hex}"
    number = handoff.request_human(conversation, ["我手机13812345678", "", "催收骂我"], intent="harassment")
    rows = handoff.open_requests(conversation)
    assert [r.id for r in rows] == [number]
    assert "13812345678" not in rows[0].summary and "催收骂我" in rows[0].summary
    assert rows[0].intent == "harassment"


def test_rasa_tracker_store_from_our_endpoints(database_url, monkeypatch):
    from rasa.core.tracker_store import TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import read_endpoint_config

    from bot.settings import PROJECT_ROOT

    monkeypatch.setenv("ZHAIDA_ACTIONS_PORT", "5055")
    monkeypatch.setenv("ZHAIDA_ACTIONS_TOKEN", "unit-test")
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = TrackerStore.create(read_endpoint_config(str(PROJECT_ROOT / "endpoints.yml"), "tracker_store"), domain)
    sender = f"s-{uuid.uuid4().hex}"
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("借呗逾期了", {"name": "overdue_consequences"})])
    import asyncio

    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve(sender))
    assert loaded.latest_message.text == "借呗逾期了"
    assert database_url.split(":")[0] in str(store.engine.url)
