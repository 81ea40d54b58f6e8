"""The load test (scripts/load_test.py): a short run through locust against two replicas loses and duplicates
nothing, and its event-by-event check does find a lost, a duplicated and a changed message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests

from scripts import load_test
from tests.conftest import POSTGRES, postgres_available

pytestmark = pytest.mark.server
needs_profile = pytest.mark.skipif(
    not (load_test.LOCUST.exists() and (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())),
    reason="needs .venv-tools (make tools) and nginx (make nginx)",
)


def converse(base: str, messages: list[str]) -> dict:
    """One conversation as the locustfile records it."""
    token, turns = None, []
    for message in messages:
        reply = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": token, "message": message}, timeout=60)
        token = reply.headers.get("X-Zhaida-Session", token)
        texts = [m["text"] for m in reply.json() if m.get("text")]
        turns.append({"sent": message, "status": reply.status_code, "replies": texts, "seconds": 0.1})
    return {"token": token, "turns": turns}


def write(path: Path, conversations: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in conversations), encoding="utf-8")
    return path


def test_the_check_finds_lost_duplicated_and_changed_messages(servers, tmp_path):
    first = converse(servers.base, ["借呗逾期了三天会影响征信吗", "那记录多久能消掉"])
    second = converse(servers.base, ["催收打电话给我家人合法吗", "我要去哪里投诉"])
    result = load_test.check(write(tmp_path / "ok.jsonl", [first, second]), servers.database_url)
    assert result.clean and result.conversations == 2 and result.turns == 4, result.problems

    dropped = {**first, "turns": first["turns"][:1]}  # the store holds a message the person never sent
    result = load_test.check(write(tmp_path / "dup.jsonl", [dropped]), servers.database_url)
    assert result.duplicated == 1 and not result.clean

    extra = {**first, "turns": [*first["turns"], {**first["turns"][0], "sent": "还有一个问题"}]}
    result = load_test.check(write(tmp_path / "lost.jsonl", [extra]), servers.database_url)
    assert result.lost == 1 and not result.clean

    changed = json.loads(json.dumps(second))
    changed["turns"][1]["replies"] = ["另一个回答"]
    result = load_test.check(write(tmp_path / "changed.jsonl", [changed]), servers.database_url)
    assert result.mismatched == 1 and not result.clean


@needs_profile
def test_a_short_load_run_on_two_replicas_loses_and_duplicates_nothing(model_path):
    if not postgres_available():
        pytest.skip(f"no PostgreSQL at {POSTGRES}")
    figures, result = load_test.run(users=12, seconds=40, think="0.5,1.5", keep_database=False)
    assert result.conversations >= 12 and figures["turns"] >= 100, (figures, result)
    assert result.server_errors == 0 and result.failed_turns == 0, result.problems
    assert result.clean, result.problems


@needs_profile
def test_killing_a_replica_under_load_loses_no_turn_and_no_event(model_path):
    if not postgres_available():
        pytest.skip(f"no PostgreSQL at {POSTGRES}")
    # nginx sends the killed replica's requests to the other one; its launcher starts a new Rasa server.
    figures, result = load_test.run(users=12, seconds=45, think="0.5,1.5", keep_database=False, kill_after=15)
    assert figures["turns"] >= 100 and result.conversations >= 12, (figures, result)
    assert result.failed_turns == 0 and result.server_errors == 0, result.problems
    assert result.clean, result.problems
