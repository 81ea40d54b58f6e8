"""The KB quality check: runs on the real data/kb/ content."""

import re

import pytest

from bot.kb import content
from bot.kb.cite import cite
from bot.text.platforms import platform_aliases
from bot.topics import DEBT_TOPICS

from .conftest import KB_DIR


@pytest.fixture(scope="module")
def kb():
    return content.load(KB_DIR)


def test_the_content_loads_without_problems(kb):
    assert kb.facts and kb.answers and kb.platforms and kb.channels


def test_every_fact_has_a_source_and_an_as_of_date(kb):
    for fact in kb.facts.values():
        assert fact.source.title and fact.as_of, fact.id
        assert cite(fact.source).strip(), fact.id


def test_every_debt_topic_has_a_general_answer(kb):
    general = {a.intent for a in kb.answers if a.platform is None}
    assert set(DEBT_TOPICS) <= general


def test_no_answer_cites_an_unknown_or_unverified_fact(kb):
    for answer in kb.answers:
        assert answer.facts, answer.intent
        for fid in answer.facts:
            assert kb.facts[fid].confidence in ("verified", "likely"), (answer.intent, fid)


def test_every_platform_alias_resolves_to_a_kb_platform(kb):
    for alias, canonical in platform_aliases().items():
        assert canonical in kb.platforms, alias


def test_platform_figures_rest_on_facts(kb):
    for p in kb.platforms.values():
        if p.overdue_daily_rate:
            assert kb.facts[p.overdue_rate_fact].confidence in ("verified", "likely")
            assert "以合同" in p.overdue_rate_note or "常见公开" in p.overdue_rate_note, p.name


def test_related_topics_are_debt_topics_and_not_the_answer_itself(kb):
    for a in kb.answers:
        assert len(a.related) >= 2, a.intent
        assert a.intent not in a.related


def test_known_errors_of_the_seeds_are_not_repeated(kb):
    """民法典第678条 is about extensions (展期), not the duty to repay; 砍头息 is 第670条, not 第680条."""
    for fact in kb.facts.values():
        if fact.source.title == "民法典" and fact.source.article == "678":
            assert "展期" in fact.statement
        if "砍头息" in fact.statement or "预先" in fact.statement and "本金" in fact.statement:
            assert fact.source.article == "670", fact.id


def test_answers_do_not_promise_outcomes(kb):
    for a in kb.answers:
        text = a.short + a.detail + "".join(a.by_notice_kind.values())
        assert not re.search(r"保证|一定能|肯定能|包过|百分之百", text), (a.intent, a.platform)
