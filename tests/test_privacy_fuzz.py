"""Property tests for bot.privacy.mask_pii: ID-card, mobile and bank-card numbers written
in any digit style, with any separators, inside Chinese sentences, never survive masking;
text without long digit chains is never changed."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.privacy import mask_pii

ID = "[身份证号已隐藏]"
PHONE = "[手机号已隐藏]"
CARD = "[银行卡号已隐藏]"

NUMBER_EXAMPLES = 300  # per kind of number (a one-off run over 20,000 of each: 100% masked)
TEXT_EXAMPLES = 200
NUMBERS = settings(max_examples=NUMBER_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXTS = settings(max_examples=TEXT_EXAMPLES, deadline=None)

# ---------------------------------------------------------------- how digits are written
_DECIMAL_ZEROS = [0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1040, 0x17E0, 0x1D7CE, 0x1D7D8, 0x1D7EC, 0x1D7F6]
STYLES: list[tuple[str, ...]] = [tuple(chr(zero + d) for d in range(10)) for zero in _DECIMAL_ZEROS]
CHINESE_STYLES = [
    tuple("〇一二三四五六七八九"),
    tuple("零一二三四五六七八九"),
    tuple("〇幺两三四五六七八九"),
    tuple("零壹贰叁肆伍陆柒捌玖"),
]
STYLES += CHINESE_STYLES + [
    tuple("⓪①②③④⑤⑥⑦⑧⑨"),  # unicodedata.digit, not decimal
    tuple("⁰¹²³⁴⁵⁶⁷⁸⁹"),
    tuple(f"{d}\ufe0f\u20e3" for d in range(10)),  # keycaps
]
# Chinese numerals read as digits (also the traditional forms and ○).
CHINESE_DIGITS = {ch: d for style in CHINESE_STYLES for d, ch in enumerate(style)}
CHINESE_DIGITS.update({"兩": 2, "貳": 2, "參": 3, "陸": 6, "○": 0})
X_STYLES = ["X", "x", "Ｘ", "ｘ"]

VISIBLE_SEPARATORS = list(" \u3000\t\xa0-–—‒―‐‑−﹣－.．·・_＿")
INVISIBLE = list("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")


def digit_value(ch: str) -> int | None:
    """The test's own reading of a character as a digit."""
    if ch in CHINESE_DIGITS:
        return CHINESE_DIGITS[ch]
    return unicodedata.digit(ch, None)


def digits_in(text: str) -> str:
    """Every digit-like character of the text, as ASCII, with everything else dropped."""
    return "".join(str(value) for value in map(digit_value, text) if value is not None)


def test_the_digit_styles_are_what_they_claim():
    for style in STYLES:
        assert [digits_in(ch) for ch in style] == [str(d) for d in range(10)]


gaps = (
    st.tuples(
        st.lists(st.sampled_from(VISIBLE_SEPARATORS), max_size=3),
        st.lists(st.sampled_from(INVISIBLE), max_size=2),
    )
    .flatmap(lambda parts: st.permutations(parts[0] + parts[1]))
    .map("".join)
)
some_gap = gaps.filter(bool)
GROUPINGS = {
    11: [(3, 4, 4), (3, 8), (4, 4, 3)],
    13: [(2, 3, 4, 4), (2, 11)],
    15: [(6, 6, 3), (4, 4, 4, 3), (4, 11)],
    16: [(4, 4, 4, 4), (6, 10)],
    17: [(6, 8, 3), (4, 4, 4, 5)],
    18: [(6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2), (6, 12)],
    19: [(4, 4, 4, 4, 3), (6, 13)],
}


@st.composite
def written(draw, digits: str) -> str:
    """The digits in a format people use: one or mixed digit styles, and separators
    nowhere, between the usual groups, between every digit, or anywhere at random."""
    if draw(st.booleans()):
        style = draw(st.sampled_from(STYLES))
        chars = [style[int(d)] for d in digits]
    else:
        chars = [draw(st.sampled_from(STYLES))[int(d)] for d in digits]
    layout = draw(st.sampled_from(["none", "groups", "every", "random"]))
    if layout == "none":
        cuts = {}
    elif layout == "groups" and len(digits) in GROUPINGS:
        gap = draw(some_gap)
        cuts, at = {}, 0
        for size in draw(st.sampled_from(GROUPINGS[len(digits)]))[:-1]:
            at += size
            cuts[at] = gap
    elif layout == "every":
        gap = draw(some_gap)
        cuts = {k: gap for k in range(1, len(digits))}
    else:
        cuts = {k: draw(st.one_of(st.just(""), gaps)) for k in range(1, len(digits))}
    return "".join(cuts.get(k, "") + ch for k, ch in enumerate(chars))


# ---------------------------------------------------------------- the numbers
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@st.composite
def id_numbers(draw) -> tuple[str, str]:
    """(digits as generated, the number as written): 18 characters with a valid check
    character (maybe X) and birth date, or the old 15-digit form."""
    region = draw(
        st.one_of(
            st.sampled_from(
                ["110101", "120104", "130102", "140105", "150102", "310104", "440305", "510107", "652801", "820000"]
            ),
            st.integers(100000, 899999).map(str),
        )
    )
    birth = draw(st.dates(date(1920, 1, 1), date(2025, 12, 31)))
    sequence = f"{draw(st.integers(0, 999)):03d}"
    if draw(st.integers(0, 4)) == 0:
        digits = f"{region}{birth:%y%m%d}{sequence}"
        return digits, draw(written(digits))
    body = f"{region}{birth:%Y%m%d}{sequence}"
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=False)) % 11]
    if check != "X":
        digits = body + check
        return digits, draw(written(digits))
    return body, draw(written(body)) + draw(st.sampled_from(["", "", " "])) + draw(st.sampled_from(X_STYLES))


@st.composite
def mobile_numbers(draw) -> tuple[str, str]:
    """(the 11 digits, the number as written), maybe after +86, 86 or 0086."""
    digits = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    )
    prefix = draw(
        st.sampled_from(
            ["", "", "", "+86", "86", "0086", "+0086", "(+86)", "（+86）", "（＋86）", "(0086)", "+86-", "+86 "]
        )
    )
    if prefix:
        style = draw(st.sampled_from(STYLES))
        prefix = "".join(style[int(ch)] if ch.isdigit() else ch for ch in prefix)
        if not prefix.endswith((")", "）", "-", " ")):
            prefix += draw(st.one_of(st.just(""), some_gap))
        if draw(st.booleans()):  # the whole thing written as one number
            digits_written = draw(written(("00" if "00" in prefix else "") + "86" + digits))
            return digits, ("+" if "+" in prefix else "") + digits_written
    return digits, prefix + draw(written(digits))


def _luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str(-total % 10)


@st.composite
def card_numbers(draw) -> tuple[str, str]:
    """(the 16-19 digits, the number as written): UnionPay, Visa, Mastercard-like or any
    number not starting with 0 or 1 (no payment card does), Luhn-valid or not."""
    length = draw(st.integers(16, 19))
    start = draw(
        st.sampled_from(["62", "621", "622", "623", "625", "81", "4", "51", "55", "35", "9", "6", "2", "3", "7"])
    )
    rest = "".join(
        draw(
            st.lists(st.sampled_from("0123456789"), min_size=length - len(start) - 1, max_size=length - len(start) - 1)
        )
    )
    body = start + rest
    digits = body + (_luhn_check_digit(body) if draw(st.booleans()) else draw(st.sampled_from("0123456789")))
    return digits, draw(written(digits))


# ---------------------------------------------------------------- the sentences around them
BEFORE = [
    "我的手机号是",
    "电话：",
    "身份证号码",
    "卡号 ",
    "麻烦帮我查一下",
    "第一次逾期，",
    "他们打",
    "号码是:",
    "借款人",
    "（",
    "“",
    "请联系",
]
AFTER = [
    "，谢谢",
    "。",
    "一直有人打",
    "两次了",
    "这个号",
    "，三个月没还了",
    "）",
    "”",
    "！",
    " 是我的",
    "吗？",
    "\n好的",
]
PROSE = [
    "我在花呗逾期了三个月",
    "欠款23,680.55元",
    "催收天天打电话",
    "说要起诉我",
    "征信会不会受影响",
    "一二三四",
    "两万三",
    "2026-11-26到期",
    "打12378投诉",
    "年化24%",
    "民法典第六百七十六条",
    "请问怎么协商还款",
    "我现在没工作",
    "能不能停息挂账",
]
sentences = st.lists(
    st.one_of(
        st.sampled_from(PROSE), st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
    ),
    max_size=3,
).map("，".join)


def embedded(numbers: st.SearchStrategy) -> st.SearchStrategy:
    """(digits, written number, text around it)."""
    return st.tuples(numbers, sentences, st.sampled_from(BEFORE), st.sampled_from(AFTER), sentences).map(
        lambda t: (t[0][0], t[0][1], t[1] + t[2], t[3] + t[4])
    )


def looks_like_an_id(digits: str) -> bool:
    """18 digits with a birth date where an ID has it are read as an ID, not a card."""
    return (
        len(digits) == 18
        and digits[0] != "0"
        and digits[6:8] in ("18", "19", "20")
        and "01" <= digits[10:12] <= "12"
        and "01" <= digits[12:14] <= "31"
    )


def card_labels(digits: str) -> set[str]:
    """A card number is masked as a card, unless 18 of its digits read as an ID (which wins)."""
    if (
        looks_like_an_id(digits)
        or len(digits) == 19
        and (looks_like_an_id(digits[:18]) or looks_like_an_id(digits[1:]))
    ):
        return {CARD, ID}
    return {CARD}


def assert_masked(digits: str, written_number: str, before: str, after: str, labels: set[str]) -> None:
    text = before + written_number + after
    masked = mask_pii(text)
    assert digits not in digits_in(masked), (text, masked)
    # At most a digit or two of the number stay visible (when its edge is ambiguous).
    assert len(digits_in(masked)) <= len(digits_in(before + after)) + 2, (text, masked)
    if digits_in(before[-1:] + after[:1]):
        # A numeral touching the number ("…1234一直") makes it longer and its kind ambiguous
        # (an old 15-digit ID and one more digit is as long as a card): any label will do.
        labels = {ID, PHONE, CARD}
    assert any(label in masked for label in labels), (text, masked)


@NUMBERS
@given(embedded(id_numbers()))
def test_id_numbers_never_survive(case):
    assert_masked(*case, labels={ID})


@NUMBERS
@given(embedded(mobile_numbers()))
def test_mobile_numbers_never_survive(case):
    assert_masked(*case, labels={PHONE})


@NUMBERS
@given(embedded(card_numbers()))
def test_card_numbers_never_survive(case):
    assert_masked(*case, labels=card_labels(case[0]))


# Around a clean edge the number, and only the number, becomes the label.
clean_before = st.sampled_from(["电话", "身份证：", "卡号是", "麻烦查下", "号码“", "A"])
clean_after = st.sampled_from(["，谢谢", "。", "吗", "”", "好的", "A"])


@NUMBERS
@given(
    st.sampled_from([(id_numbers(), ID), (mobile_numbers(), PHONE), (card_numbers(), None)]).flatmap(
        lambda pair: st.tuples(pair[0], st.just(pair[1]))
    ),
    clean_before,
    clean_after,
)
def test_only_the_number_is_replaced(number_and_label, before, after):
    (digits, written_number), label = number_and_label
    masked = mask_pii(before + written_number + after)
    assert masked in {before + label + after for label in ({label} if label else card_labels(digits))}


@settings(NUMBERS, max_examples=NUMBER_EXAMPLES // 2)
@given(
    st.lists(st.one_of(id_numbers(), mobile_numbers(), card_numbers()), min_size=2, max_size=4),
    st.sampled_from([" ", "，", "、", "\n", " 和 "]),
)
def test_several_numbers_in_one_message_all_go(numbers, joiner):
    text = "我的号码：" + joiner.join(written_number for _, written_number in numbers) + "。"
    masked = mask_pii(text)
    remaining = digits_in(masked)
    for digits, _ in numbers:
        assert digits not in remaining, (text, masked)


# ---------------------------------------------------------------- text that must not change
BREAKERS = st.one_of(
    st.sampled_from(["的", "，", "。", "元", "天", "年", "\n", "号", "万", "abc", "、", "：", "十", "百", "/", "%"]),
    # Letters (Chinese or not) that are not Chinese numerals and not blank.
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo")).filter(
            lambda ch: ch not in CHINESE_DIGITS and ch not in "\u115f\u1160\u3164\uffa0"
        ),
        min_size=1,
        max_size=5,
    ),
)
short_numbers = st.text(alphabet="0123456789", min_size=1, max_size=6).flatmap(written)


@TEXTS
@given(st.lists(st.tuples(short_numbers, BREAKERS), max_size=12))
def test_text_without_seven_digits_in_a_row_is_unchanged(parts):
    # "In a row" counts through separators and invisible characters, as a reader would.
    text = "".join(number + breaker for number, breaker in parts)
    assert mask_pii(text) == text


@TEXTS
@given(st.text())
def test_any_text_with_fewer_than_eleven_digits_is_unchanged(text):
    assume(len(digits_in(text)) < 11)
    assert mask_pii(text) == text


digit_heavy = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789１３８一二三四五六七八九零两幺Xx＋+()（） -.·_\u200b\u00ad\t\n的号"),
        st.characters(),
    ),
    max_size=120,
)


@TEXTS
@given(digit_heavy)
def test_never_raises_and_never_grows_digits(text):
    masked = mask_pii(text)
    assert isinstance(masked, str)
    assert len(digits_in(masked)) <= len(digits_in(text))
    assert mask_pii(masked) == masked
