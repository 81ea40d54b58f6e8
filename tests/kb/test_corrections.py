"""Issue 15, item by item: the corrected wording stays corrected (facts.md, 2026-11-26 corrections)."""

import re

import pytest

from bot.kb import content

from .conftest import KB_DIR


@pytest.fixture(scope="module")
def kb():
    return content.load(KB_DIR)


def answer(kb, intent, platform=None):
    return next(a for a in kb.answers if a.intent == intent and a.platform == platform)


def all_texts(kb):
    answers = [*kb.answers, *(q.answer for q in kb.questions.values())]
    return [(a, c) for a in answers for c in a.claims]


def sentences_citing(kb, fact_id):
    return [c.text for _, c in all_texts(kb) if fact_id in c.facts]


def test_dishonest_list_exclusions_apply_only_to_the_refusal_ground(kb):
    statement = kb.facts["dishonest_list_exclusions"].statement
    assert "有履行能力而拒不履行" in statement and "其他情形不受影响" in statement and "未成年人" in statement
    for text in sentences_citing(kb, "dishonest_list_exclusions"):
        assert "拒不履行" in text, text  # never "a guarantee keeps you off the list" in general


def test_consumption_restriction_is_about_paying_with_ones_own_assets(kb):
    assert "用自己的财产支付" in kb.facts["consumption_restriction_items"].statement
    for text in sentences_citing(kb, "consumption_restriction_items"):
        if re.search(r"不能|不得|限制", text):  # a sentence saying what is restricted says how
            assert "自己的财产" in text, text
    for _, claim in all_texts(kb):
        assert not re.search(r"不能住星级|不能.{0,4}装修房|不能买房", claim.text), claim.text


def test_credit_card_70_not_a_right_is_likely(kb):
    assert kb.facts["credit_card_70_not_a_right"].confidence == "likely"


def test_huabei_reporting_is_a_reported_staged_rollout(kb):
    assert "逐步接入" in kb.facts["huabei_credit_reporting"].statement
    for _, claim in all_texts(kb):
        assert not re.search(r"花呗.{0,12}(会|都会)按月.{0,6}报送", claim.text), claim.text
    short = answer(kb, "credit_report", "花呗").short
    assert "逐步接入" in short and "可能" in short


def test_lawsuit_risk_does_not_limit_criminal_risk_to_after_a_judgment(kb):
    general = answer(kb, "lawsuit_risk")
    assert "常见" in general.detail and "不是全部" in general.detail
    assert "只有" not in general.detail


def test_jiebei_records_are_conditional_on_reporting(kb):
    for _, claim in all_texts(kb):
        if "借呗" in claim.text and "5年" in claim.text:
            assert "如果" in claim.text, claim.text


def test_interest_legality_keeps_the_24_percent_rule_to_financial_loans_and_the_lpr_at_signing(kb):
    general = answer(kb, "interest_legality")
    for claim in general.claims:
        if "24%" in claim.text:
            assert "金融机构" in claim.text and "小额贷款" not in claim.text and "小贷" not in claim.text, claim.text
        if "12%" in claim.text:
            assert "如果合同是这时签的" in claim.text or "合同成立" in claim.text, claim.text
    assert any("合同成立" in c.text and "LPR" in c.text for c in general.claims)


def test_verify_notice_names_12368_as_one_channel_and_lawyer_letters_as_usual(kb):
    verify = answer(kb, "verify_notice")
    text = verify.short + verify.detail + "".join(verify.by_notice_kind.values())
    assert "之一" in text and "不是唯一" in text
    assert not re.search(r"真正的法院短信.{0,6}(都|只)", text)
    for claim in verify.claims:
        if "律所公章" in claim.text:
            assert "一般" in claim.text, claim.text


def test_unsourced_sentences_now_rest_on_facts_or_are_gone(kb):
    for _, claim in all_texts(kb):
        assert "有的平台会给宽限期" not in claim.text
        if "不等于犯罪" in claim.text:
            assert "card_intent_not_from_nonpayment" in claim.facts, claim.text
    assert kb.facts["card_intent_not_from_nonpayment"].confidence == "verified"
    assert kb.facts["card_intent_not_from_nonpayment"].source.article == "6"


def test_insults_are_banned_for_cards_by_art_68_and_penalised_for_anyone_by_the_public_security_law(kb):
    general = answer(kb, "harassment")
    assert not any("credit_card_68" in f for c in general.claims for f in c.facts)
    assert any("public_security_42_old" in c.facts for c in general.claims)
    card = answer(kb, "harassment", "信用卡")
    assert any("credit_card_68_no_abuse" in c.facts and "辱骂" in c.text for c in card.claims)


def test_citations_are_precise(kb):
    assert kb.facts["malicious_overdraft_definition"].source.article == "6、7"
    assert kb.facts["illegal_lending_crime"].source.article == "1、2"
    for fact in kb.facts.values():
        if fact.source.title.startswith("民事诉讼法"):
            assert "2023" in fact.source.title, fact.id
    needs = kb.facts["enforcement_needs_judgment"].source
    assert needs.title == "最高人民法院关于限制被执行人高消费的若干规定" and needs.article == "1"
    listed = kb.facts["dishonest_list_needs_judgment"].source
    assert "失信被执行人名单" in listed.title and listed.article == "1"
