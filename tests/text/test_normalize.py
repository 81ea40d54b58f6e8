import pytest

from bot.text.normalize import MASK_TOKEN, MAX_CHARS, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("花唄逾期一天算逾期嗎", "花呗逾期一天算逾期吗"),  # Traditional → Simplified
        ("會不會上徵信？？？", "会不会上征信?"),  # and punctuation collapsed
        ("ＡＢＣ１２３，借呗", "ABC123,借呗"),  # full-width → half-width
        ("花贝逾期了", "花呗逾期了"),
        ("借吧逾期三天", "借呗逾期三天"),
        ("预期45天了", "逾期45天了"),
        ("征性花了", "征信花了"),
        ("催手天天打电话", "催收天天打电话"),
        ("花  呗\t逾期", "花呗逾期"),  # spaces inside Chinese are not word boundaries
        ("hello   world", "hello world"),
        ("\u200b借呗\x00逾期\x1b", "借呗逾期"),  # zero-width and control characters
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("欠了***元", f"欠了{MASK_TOKEN}元"),
        ("尾号xx的卡", f"尾号{MASK_TOKEN}的卡"),
        ("逾期X天", f"逾期{MASK_TOKEN}天"),
        ("借了x万", f"借了{MASK_TOKEN}万"),
        ("手机138xxxx5678", f"手机138{MASK_TOKEN}5678"),
        ("＊＊＊ ＊＊＊", MASK_TOKEN),
    ],
)
def test_masked_numbers_become_one_token(raw, expected):
    assert normalize(raw) == expected


def test_ordinary_words_with_x_are_kept():
    assert normalize("我用的是Xbox和box") == "我用的是Xbox和box"
    assert normalize("符合预期吗") == "符合预期吗"  # 预期 in its ordinary sense stays
    assert normalize("那你借吧") == "那你借吧"


def test_long_text_keeps_head_and_question_at_the_end():
    story = "我" * 20_000 + "请问借呗逾期会坐牢吗"
    out = normalize(story)
    assert len(out) <= MAX_CHARS + 2
    assert out.endswith("请问借呗逾期会坐牢吗")
    assert out.startswith("我")


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "\u200b"])
def test_blank_input_gives_empty_text(raw):
    assert normalize(raw) == ""
