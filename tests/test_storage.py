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


def test_zhaida_handoffs_lists_open_requests_masked(database_url):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    conversation = f"c-{uuid.uuid4().hex}"
    number = handoff.request_human(conversation, ["身份证110101199003071234", "催收打我家人电话"], intent="harassment")
    zhaida = str(Path(sys.executable).with_name("zhaida"))
    env = {**os.environ, "ZHAIDA_DATABASE_URL": database_url}
    listed = subprocess.run(
        [zhaida, "handoffs", "--conversation", conversation, "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    [row] = json.loads(listed.stdout)
    assert row["id"] == number and row["intent"] == "harassment"
    assert "110101199003071234" not in row["summary"] and "催收打我家人电话" in row["summary"]
    table = subprocess.run([zhaida, "handoffs"], capture_output=True, text=True, env=env, check=True).stdout
    assert conversation in table and "110101199003071234" not in table
    assert f"{number} " in table
