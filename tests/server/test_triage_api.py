"""POST /triage on the running server: one message, a conversation, a batch; auth and bad input."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
import requests

from tests.conftest import API_TOKEN

pytestmark = pytest.mark.server


def post(bot, body, token: str | None = API_TOKEN, raw: bytes | None = None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = raw if raw is not None else None
    return requests.post(f"{bot.base}/triage", json=None if raw else body, data=data, headers=headers, timeout=60)


def test_a_detention_message_is_p1_with_its_reason(bot):
    reply = post(bot, {"text": "催收的人把我关在他们公司，不让我走，手机也被拿走了"})
    assert reply.status_code == 200, reply.text
    result = reply.json()
    assert result["intent"] == "crisis" and result["priority"] == "P1"
    assert any("拘禁" in r for r in result["reasons"])


def test_a_message_gets_intent_entities_flags_and_a_masked_summary(bot):
    text = "借呗欠了两万三逾期45天，收到律师函说7天内不还就起诉，我失业了每天睡不着，电话13812345678"
    result = post(bot, {"text": text}).json()
    assert result["intent"] == "lawyer_letter" and result["priority"] == "P2"
    assert {"severe_hardship", "distress"} <= set(result["flags"])
    assert result["summary"].startswith("借呗｜欠23,000元｜逾期45天｜收到：律师函")
    assert "13812345678" not in str(result)
    assert {"entity": "platform", "value": "借呗"} in result["entities"]


def test_a_conversation_is_triaged_from_its_stored_messages(bot, sender):
    bot.say(sender, "微粒贷欠了一万二")
    bot.say(sender, "今天收到法院的传票了，下周开庭")
    result = post(bot, {"conversation_id": bot.conversation_id(sender)}).json()
    assert result["priority"] == "P2" and "收到法院文书或开庭通知" in result["reasons"]
    assert result["summary"].startswith("微粒贷｜欠12,000元") and "法院文书" in result["summary"]


def test_a_batch_answers_each_item_and_names_bad_ones(bot):
    items = [{"text": "花呗逾期两天会上征信吗"}, {"text": ""}, {"conversation_id": "no-such-conversation"}, 7]
    results = post(bot, {"items": items}).json()["results"]
    assert results[0]["priority"] == "P3" and results[0]["intent"] == "credit_report"
    assert [r.get("status") for r in results[1:]] == [400, 404, 400]


@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_without_the_token_nothing_is_triaged(bot, token):
    reply = post(bot, {"text": "我不想活了"}, token=token)
    assert reply.status_code == 401 and "priority" not in reply.text


def test_the_token_in_the_url_is_not_accepted(bot):
    reply = requests.post(f"{bot.base}/triage?token={API_TOKEN}", json={"text": "你好"}, timeout=30)
    assert reply.status_code == 401


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[]", 400),
        (b'{"text": 5}', 400),
        (b'{"items": []}', 400),
        (b'{"items": "x"}', 400),
        (b'{"conversation_id": "../../etc"}', 400),
        (('{"items": [' + ",".join(['{"text": "a"}'] * 101) + "]}").encode(), 400),
        (b'{"text": "' + b"a" * 300_000 + b'"}', 413),
        (b'{"text": "<script>alert(1)</script>\'; DROP TABLE events; --"}', 200),
    ],
)
def test_bad_bodies_are_refused_and_hostile_text_is_only_text(bot, body, status):
    reply = post(bot, None, raw=body)
    assert reply.status_code == status, reply.text
    assert bot.parse("你好")["intent"]["name"] == "greet"  # the server goes on


def test_zhaida_triage_turns_a_csv_into_a_csv(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,message\n1,我被他们关起来了 手机13812345678\n2,花呗逾期两天会上征信吗\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "triage", str(source), "-o", str(target), "--column", "message"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["priority"] for r in rows] == ["P1", "P3"] and rows[1]["intent"] == "credit_report"
    assert "13812345678" not in target.read_text(encoding="utf-8")


def test_answers_carry_what_the_openapi_description_promises(bot):
    import yaml

    from bot.settings import PROJECT_ROOT

    spec = yaml.safe_load((PROJECT_ROOT / "docs" / "triage-openapi.yml").read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"]["Triage"]
    result = post(bot, {"text": "催收天天打我同事电话"}).json()
    assert set(schema["required"]) <= set(result)
    assert result["priority"] in schema["properties"]["priority"]["enum"]
    assert set(result["flags"]) <= set(schema["properties"]["flags"]["items"]["enum"])
    assert "/triage" in spec["paths"]
