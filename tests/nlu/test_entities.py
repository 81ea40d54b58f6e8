import pytest

from bot.nlu.entities import extract
from bot.text.normalize import normalize
from bot.text.platforms import platform_aliases


def ents(text):
    return [(e.entity, e.value) for e in extract(normalize(text))]


def test_the_story_from_issue_four():
    assert ents("借呗欠了两万三，逾期45天，每月工资六千，房租两千") == [
        ("platform", "借呗"),
        ("amount", 23000),
        ("duration", 45),
        ("amount", 6000),
        ("amount", 2000),
    ]


@pytest.mark.parametrize(
    "text, platform",
    [
        ("花贝逾期了", "花呗"),
        ("借吧还不上", "借呗"),
        ("微立贷逾期", "微粒贷"),
        ("白调逾期", "京东白条"),
        ("招行信用卡欠了5w", "信用卡"),
        ("美团月付逾期", "美团"),
        ("360借条借了3000", "360借条"),
        ("百度有钱花逾期", "度小满"),
        ("好期贷", "招联金融"),
        ("抖音放心借", "抖音月付"),
        ("网上借的钱还不上", "网贷"),
        ("花唄逾期", "花呗"),
    ],
)
def test_platforms_and_typos_map_to_canonical_names(text, platform):
    assert ("platform", platform) in ents(text)


def test_platform_name_is_not_an_amount():
    assert ents("360借条借了3000") == [("platform", "360借条"), ("amount", 3000)]


def test_every_alias_is_found_alone():
    for alias, canonical in platform_aliases().items():
        assert ("platform", canonical) in ents(alias), alias


def test_offsets_point_into_normalised_text():
    text = normalize("我借呗逾期三个月了，今天收到律师函短信，是真的吗？")
    for e in extract(text):
        assert text[e.start : e.end] == e.text
    assert [(e.entity, e.value) for e in extract(text)] == [("platform", "借呗"), ("duration", 90)]


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "hello world", "MASK"])
def test_nothing_to_find(text):
    assert extract(text) == []
