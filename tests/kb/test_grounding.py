"""Sentence-level grounding: the KB check refuses what says more than its facts, with file and line."""

import re

import pytest

from bot import cli
from bot.kb import content
from bot.kb.grounding import CERTAINTY_WORDS, HEDGES, certainty_problems, guidance_problems, sentence_problems
from bot.kb.review import REVIEW_PATH, render
from bot.settings import PROJECT_ROOT

from .conftest import KB_DIR

ANSWER = "answers/lawsuit_risk.yml"


def problems(root):
    with pytest.raises(content.ContentError) as error:
        content.load(root)
    return error.value.problems


def edit(root, old: str, new: str) -> int:
    """Replaces the first `old` in the answer file; returns the 1-based line where it was."""
    path = root / ANSWER
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:at].count("\n") + 1


def test_the_kb_as_committed_passes():
    loaded = content.load(KB_DIR)
    assert all(a.claims for a in loaded.answers)


def test_every_sentence_names_facts_or_is_guidance():
    loaded = content.load(KB_DIR)
    for answer in loaded.answers:
        for claim in answer.claims:
            assert claim.facts or claim.guidance
            assert not sentence_problems(claim.text), claim.text
        assert set(answer.facts) == {f for c in answer.claims for f in c.facts}


def test_an_ungrounded_statement_is_refused_with_its_line(kb_copy):
    line = edit(
        kb_copy,
        "      - say: 借款到期没还，要还本金、利息，还要按合同付逾期利息。\n        facts: [civil_code_667, civil_code_676]\n",
        "      - say: 欠网贷的人一律不会被起诉。\n",
    )
    found = problems(kb_copy)
    assert any(p.startswith(f"kb/{ANSWER}:{line}:") and "without naming the facts" in p for p in found), found


def test_a_likely_fact_worded_as_certain_is_refused(kb_copy):
    line = edit(kb_copy, "按行业指引，催收严禁冒充公安、法院", "催收一定不会冒充公安、法院")
    found = problems(kb_copy)
    assert any(
        p.startswith(f"kb/{ANSWER}:{line}:") and "worded as certain ('一定')" in p and "cba_no_false_threats" in p
        for p in found
    ), found


def test_the_same_sentence_with_a_hedge_passes(kb_copy):
    edit(kb_copy, "按行业指引，催收严禁冒充公安、法院", "按行业指引，催收一般一定不会冒充公安、法院")
    content.load(kb_copy)


def test_a_verified_fact_may_be_stated_as_certain(kb_copy):
    edit(kb_copy, "起诉的时效一般是三年", "起诉的时效确定是三年")
    content.load(kb_copy)


def test_guidance_that_states_law_is_refused(kb_copy):
    line = edit(
        kb_copy, "      - guide: 主动联系平台官方客服，说明困难，商量还款办法", "      - guide: 逾期不还属于违法行为"
    )
    found = problems(kb_copy)
    assert any(p.startswith(f"kb/{ANSWER}:{line}:") and "marked as guidance but states law" in p for p in found), found


def test_two_sentences_in_one_entry_are_refused(kb_copy):
    line = edit(
        kb_copy, "借款到期没还，要还本金、利息，还要按合同付逾期利息。", "借款到期没还，要还本金。还要付逾期利息。"
    )
    assert any(p.startswith(f"kb/{ANSWER}:{line}:") and "more than one sentence" in p for p in problems(kb_copy))


def test_an_answer_level_fact_list_is_refused(kb_copy):
    edit(
        kb_copy,
        "    related: [court_procedure, negotiate_repayment]",
        "    facts: [civil_code_667]\n    related: [court_procedure, negotiate_repayment]",
    )
    assert any("'facts' is derived" in p for p in problems(kb_copy))


@pytest.mark.parametrize(
    "text, likely, refused",
    [
        ("花呗逾期一定会上征信。", ["huabei_credit_reporting"], True),
        ("花呗逾期可能会上征信，但不一定。", ["huabei_credit_reporting"], False),
        ("花呗逾期会上征信。", [], False),
    ],
)
def test_the_certainty_rule(text, likely, refused):
    assert bool(certainty_problems(text, likely)) is refused


def test_the_word_lists_do_not_overlap():
    assert not set(CERTAINTY_WORDS) & set(HEDGES)
    assert not guidance_problems("保存好聊天记录和还款凭证")
    assert guidance_problems("依照第68条催收不得骚扰")


def test_the_review_file_is_current():
    """CI fails when data/kb/ changed and `zhaida kb --review` was not run."""
    committed = (PROJECT_ROOT / REVIEW_PATH).read_text(encoding="utf-8")
    assert committed == render(content.load(KB_DIR)), "docs/claims-review.md is stale: run `zhaida kb --review`"


def test_the_review_file_puts_each_sentence_beside_its_facts():
    text = render(content.load(KB_DIR))
    row = next(line for line in text.splitlines() if "单纯还不上不等于犯罪" in line)
    assert "`card_intent_not_from_nonpayment` (verified)" in row and "第六条" in row
    assert re.search(r"\| \*guidance\* \|", text)


def test_the_review_command_reports_staleness(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli.settings, "PROJECT_ROOT", tmp_path)
    assert cli.main(["kb", "--check-review"]) == 1
    assert cli.main(["kb", "--review"]) == 0
    assert cli.main(["kb", "--check-review"]) == 0
    assert (tmp_path / REVIEW_PATH).read_text(encoding="utf-8") == render(content.load(KB_DIR))
