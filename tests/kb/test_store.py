"""Storing and reading the KB on SQLite and on the PostgreSQL server."""

import pytest

from bot import db
from bot.kb import content, store
from bot.kb.compose import compose, notice_kind
from bot.kb.repository import KBUnavailable, KnowledgeBase
from bot.topics import DEBT_TOPICS

from .conftest import KB_DIR


def test_loading_is_idempotent(database_url):
    url = database_url
    loaded = content.load(KB_DIR)
    store.sync(loaded, url)
    assert store.sync(loaded, url) is False
    assert store.current_version(url) == store.content_version(loaded)


def test_every_topic_answers_from_the_store_with_its_sources(database_url):
    url = database_url
    store.sync(content.load(KB_DIR), url)
    kb = KnowledgeBase(url)
    for topic in DEBT_TOPICS:
        resolved = kb.answer(topic)
        assert resolved and resolved.facts, topic
        reply = compose(resolved)
        assert "依据：《" in reply.text or "依据：" in reply.text
        assert len([b for b in reply.buttons if b["payload"] != "/human_handoff"]) == 2


def test_platform_answers_fall_back_to_the_general_one(database_url):
    url = database_url
    store.sync(content.load(KB_DIR), url)
    kb = KnowledgeBase(url)
    unknown = kb.answer("credit_report", "某某贷")
    assert not unknown.specific and unknown.platform is None
    assert "暂时没有「某某贷」的专门资料" in compose(unknown).text
    by_alias = kb.answer("penalty_interest", "蚂蚁花呗")
    assert by_alias.asked_platform == "花呗" and by_alias.platform.name == "花呗"


def test_a_new_version_is_picked_up_by_a_running_reader(database_url, tmp_path):
    url = database_url
    import shutil

    store.sync(content.load(KB_DIR), url)
    kb = KnowledgeBase(url)
    before = kb.answer("credit_report").answer.short
    changed = tmp_path / "kb2"
    shutil.copytree(KB_DIR, changed)
    path = changed / "answers" / "credit_report.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("- say: ", "- say: 【更新】", 1), encoding="utf-8")
    store.sync(content.load(changed), url)
    assert kb.answer("credit_report").answer.short == "【更新】" + before


def test_an_empty_database_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    db.create_schema(url)
    with pytest.raises(KBUnavailable):
        KnowledgeBase(url).answer("credit_report")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("短信说我明天开庭", "短信"),
        ("快递寄来一份律师函", "邮寄"),
        ("有人打电话说是法院的", "电话"),
        ("借呗逾期会坐牢吗", None),
    ],
)
def test_notice_kind(text, kind):
    assert notice_kind(text) == kind


def test_typos_of_platform_names_resolve_too(database_url):
    store.sync(content.load(KB_DIR), database_url)
    kb = KnowledgeBase(database_url)
    snapshot = kb.snapshot()
    assert snapshot.platform("花贝").name == "花呗"
    assert snapshot.platform("借吧").name == "借呗"
    assert snapshot.platform("招行信用卡").name == "信用卡"
