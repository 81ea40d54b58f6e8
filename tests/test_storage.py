"""Our tables and Rasa's tracker store on a real SQLite file and on the PostgreSQL server."""

import uuid

import pytest

from bot import tickets


def opening(conversation: str, priority: str = "P3", because: str = tickets.USER_REQUEST, **kw) -> tickets.Opening:
    events = [
        {"event": "user", "text": "我手机13812345678", "timestamp": 1.0},
        {"event": "bot", "text": "收到", "timestamp": 2.0},
        {"event": "user", "text": "催收骂我", "timestamp": 3.0},
    ]
    return tickets.Opening(
        conversation_id=conversation,
        channel="rest",
        priority=priority,
        category=kw.get("category", "harassment"),
        reasons=kw.get("reasons", []),
        flags=[],
        summary="我手机13812345678 催收骂我",
        transcript=tickets.transcript_of(events),
        slots=tickets.slots_of({"platform": "借呗", "amount": None, "note": "身份证110101199003074514"}),
        opened_because=because,
    )


def test_tickets_are_stored_masked_and_logged(database_url):
    conversation = f"c-{uuid.uuid4().hex}"
    number, new = tickets.open_ticket(opening(conversation))
    [ticket] = tickets.active_tickets(conversation)
    assert new and ticket.id == number and ticket.status == "open" and ticket.category == "harassment"
    stored = str(ticket.as_dict())
    assert "13812345678" not in stored and "110101199003074514" not in stored and "催收骂我" in stored
    assert ticket.as_dict()["slots"] == {"platform": "借呗", "note": "身份证[身份证号已隐藏]"}
    assert [(e.actor, e.action) for e in tickets.log_of(number)] == [("bot", "opened")]


def test_a_second_opening_updates_the_ticket_and_only_raises_its_priority(database_url):
    conversation = f"c-{uuid.uuid4().hex}"
    first, _ = tickets.open_ticket(opening(conversation))
    again, new = tickets.open_ticket(opening(conversation, "P1", tickets.CRISIS, reasons=["危机信号"]))
    later, _ = tickets.open_ticket(opening(conversation, "P3"))
    [ticket] = tickets.active_tickets(conversation)
    assert first == again == later and not new
    assert (
        ticket.priority == "P1"
        and ticket.opened_because == tickets.CRISIS
        and ticket.as_dict()["reasons"] == ["危机信号"]
    )


def test_one_agent_only_can_claim_a_ticket(database_url):
    from concurrent.futures import ThreadPoolExecutor

    number, _ = tickets.open_ticket(opening(f"c-{uuid.uuid4().hex}"))
    with ThreadPoolExecutor(8) as pool:
        won = list(pool.map(lambda agent: tickets.claim(number, agent), [f"agent-{i}" for i in range(8)]))
    assert won.count(True) == 1
    winner = f"agent-{won.index(True)}"
    assert [(e.actor, e.action) for e in tickets.log_of(number)] == [("bot", "opened"), (winner, "claimed")]
    assert not tickets.claim(number, "agent-late")


def test_tickets_come_highest_priority_first_then_oldest(database_url):
    made = [tickets.open_ticket(opening(f"order-{uuid.uuid4().hex}", p))[0] for p in ("P3", "P1", "P2", "P1")]
    mine = [t.id for t in tickets.active_tickets() if t.id in made]
    assert mine == [made[1], made[3], made[2], made[0]]


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


def test_zhaida_handoffs_lists_open_tickets_masked(database_url):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    conversation = f"c-{uuid.uuid4().hex}"
    number, _ = tickets.open_ticket(opening(conversation))
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
    assert row["id"] == number and row["category"] == "harassment" and row["priority"] == "P3"
    assert "13812345678" not in str(row) and "催收骂我" in row["summary"]
    table = subprocess.run([zhaida, "handoffs"], capture_output=True, text=True, env=env, check=True).stdout
    assert conversation in table and "13812345678" not in table
    assert f"{number} " in table


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migration_turns_handoff_requests_into_tickets_and_back(tmp_path, backend):
    import datetime as dt

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from bot import db
    from bot.settings import PROJECT_ROOT
    from tests.conftest import POSTGRES, postgres_available

    if backend == "postgresql":
        if not postgres_available():
            pytest.skip("no PostgreSQL here")
        url = POSTGRES.rsplit("/", 1)[0] + "/" + "zhaida_migration_test"
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text("DROP DATABASE IF EXISTS zhaida_migration_test"))
            c.execute(sa.text("CREATE DATABASE zhaida_migration_test"))
        admin.dispose()
    else:
        url = f"sqlite:///{tmp_path / 'migrate.db'}"
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url
    command.upgrade(config, "0004")
    engine = db.engine(url)
    when = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
    with engine.begin() as c:
        for i, (summary, status) in enumerate([("催收骂我\n电话[手机号已隐藏]", "open"), ("想转人工", "closed")], 1):
            c.execute(
                sa.text(
                    "INSERT INTO handoff_requests (id, conversation_id, intent, summary, status, created_at) "
                    "VALUES (:i, :c, 'harassment', :s, :st, :t)"
                ),
                {"i": i, "c": f"conv-{i}", "s": summary, "st": status, "t": when},
            )
    command.upgrade(config, "head")
    assert "handoff_requests" not in sa.inspect(engine).get_table_names()
    [ticket] = [t for t in tickets.active_tickets(url=url) if t.conversation_id == "conv-1"]
    data = ticket.as_dict()
    assert (data["id"], data["priority"], data["category"], data["status"]) == (1, "P3", "harassment", "open")
    assert [line["text"] for line in data["transcript"]] == ["催收骂我", "电话[手机号已隐藏]"]
    assert [(e.actor, e.action) for e in tickets.log_of(1, url=url)] == [("migration", "migrated")]
    new, _ = tickets.open_ticket(opening("conv-new"), url=url)
    assert new == 3  # numbering goes on after the migrated ids
    command.downgrade(config, "0004")
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT id, status FROM handoff_requests ORDER BY id")).fetchall()
    assert [tuple(r) for r in rows] == [(1, "open"), (2, "closed"), (3, "open")]
    engine.dispose()
