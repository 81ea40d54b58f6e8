"""Worked examples for bot.privacy.mask_pii; the property tests are in test_privacy_fuzz.py."""

import time

import pytest

from bot.privacy import mask_pii

ID = "[身份证号已隐藏]"
PHONE = "[手机号已隐藏]"
CARD = "[银行卡号已隐藏]"


@pytest.mark.parametrize(
    "raw, label",
    [
        ("身份证110101199003071234", "[身份证号已隐藏]"),
        ("身份证11010119900307123X", "[身份证号已隐藏]"),
        ("电话13812345678", "[手机号已隐藏]"),
        ("电话 138-1234-5678", "[手机号已隐藏]"),
        ("电话+86 13812345678", "[手机号已隐藏]"),
        ("卡号6222020212345678901", "[银行卡号已隐藏]"),
        ("卡号 6222 0202 1234 5678", "[银行卡号已隐藏]"),
    ],
)
def test_identifiers_are_masked(raw, label):
    masked = mask_pii(raw)
    assert label in masked
    assert not any(ch.isdigit() for ch in masked.split(label)[0][-4:] + masked.split(label)[-1])


@pytest.mark.parametrize("text", ["欠了23000元", "逾期45天", "年化24%", "打12378投诉", "2026年1月30日", "110和120"])
def test_ordinary_numbers_are_kept(text):
    assert mask_pii(text) == text


# The number is written between "号码" and "，谢谢" and must become exactly the label.
PHONES = [
    # digit styles
    "13812345678",
    "１３８１２３４５６７８",  # full-width
    "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic
    "१३८१२३४५६७८",  # Devanagari
    "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",  # mathematical bold
    "①③⑧①②③④⑤⑥⑦⑧",  # circled
    "1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣",  # keycaps
    "一三八一二三四五六七八",
    "幺三八幺二三四五六七八",
    "一三九零零一三两两〇八",  # 零 and 〇 for 0, 两 for 2
    "壹叁捌壹贰叁肆伍陆柒捌",
    "1３八1２３四5６7八",  # mixed per character
    "138１２３４五六七八",
    # separators
    "138 1234 5678",
    "138  1234  5678",
    "138\u30001234\u30005678",
    "138\t1234\t5678",
    "1 3 8 1 2 3 4 5 6 7 8",
    "138-1234-5678",
    "138 - 1234 - 5678",
    "138–1234–5678",  # en dash
    "138—1234—5678",  # em dash
    "138‒1234―5678",  # figure dash, horizontal bar
    "138‐1234‑5678",  # hyphen, non-breaking hyphen
    "138－1234﹣5678",  # full-width and small hyphen-minus
    "138−1234−5678",  # minus sign
    "138.1234.5678",
    "138．1234．5678",
    "138·1234·5678",
    "138・1234・5678",
    "138_1234_5678",
    "138\u200b1234\u200b5678",
    "1\u200b3\u200c8\u200d1\u200e2\u200f3\u20604\ufeff5\u00ad678",
    "138 \u200b1234\u200b 5678",  # a space and a zero-width space
    "138\u200b\u200b\u200b\u200b\u200b1234 5678",  # any number of invisible characters
    "１３８　１２３４－５６７８",
    "一三八 一二三四 五六七八",
    "一三八-幺二三四-五六七八",
    # country code
    "+8613812345678",
    "+86 13812345678",
    "+86-138-1234-5678",
    "+86 138 1234 5678",
    "86 13812345678",
    "8613812345678",
    "0086 13812345678",
    "0086-138-1234-5678",
    "(+86)13812345678",
    "(+86) 138 1234 5678",
    "（+86）13812345678",
    "（＋８６）１３８１２３４５６７８",
    "＋８６ １３８ １２３４ ５６７８",
]

IDS = [
    "110101199003071234",
    "11010119900307123X",
    "11010119900307123x",
    "１１０１０１１９９００３０７１２３Ｘ",  # full-width, Ｘ included in the masked span
    "１１０１０１１９９００３０７１２３ｘ",
    "110101 19900307 123X",
    "110101-1990-0307-1234",
    "1101 0119 9003 0712 34",
    "110101 1990 03 07 1234",  # birth date written as a date
    "1 1 0 1 0 1 1 9 9 0 0 3 0 7 1 2 3 4",
    "110101\u200b19900307\u200b1234",
    "一一〇一〇一一九九〇〇三〇七一二三四",
    "一一〇一〇一一九九〇〇三〇七一二三X",
    "壹壹零壹零壹壹玖玖零零叁零柒壹贰叁肆",
    "11０1０1一九九0０三０7一二三4",
    "130102199003071234",  # Hebei: starts like a mobile number
    "110101900307123",  # the old 15-digit form
    "110101 900307 123",
]

CARDS = [
    "6222020212345678",
    "62220202123456789",
    "6222020212345678901",
    "6222 0202 1234 5678",
    "6222 0202 1234 5678 901",
    "6222-0202-1234-5678-901",
    "622202 0212345678901",
    "６２２２　０２０２　１２３４　５６７８",
    "6222\u200b0202\u200b1234\u200b5678",
    "六二二二 〇二〇二 一二三四 五六七八",
    "陆贰贰贰零贰零贰壹贰叁肆伍陆柒捌",
    "4111 1111 1111 1111",
    "6·2·2·2·0·2·0·2·1·2·3·4·5·6·7·8",
    "6228480402564890018",
    "622848040256489001",  # 18 digits that are not an ID (no birth date)
]


@pytest.mark.parametrize("number", PHONES)
def test_mobile_numbers_in_every_format_are_masked_exactly(number):
    assert mask_pii(f"号码{number}，谢谢") == f"号码{PHONE}，谢谢"


@pytest.mark.parametrize("number", IDS)
def test_id_numbers_in_every_format_are_masked_exactly(number):
    assert mask_pii(f"身份证{number}，谢谢") == f"身份证{ID}，谢谢"


@pytest.mark.parametrize("number", CARDS)
def test_card_numbers_in_every_format_are_masked_exactly(number):
    assert mask_pii(f"卡号{number}，谢谢") == f"卡号{CARD}，谢谢"


def test_full_width_id_ending_in_x_is_an_id_and_the_x_goes_too():
    assert mask_pii("身份证１１０１０１１９９００３０７１２３Ｘ号码") == "身份证[身份证号已隐藏]号码"


@pytest.mark.parametrize(
    "raw, masked",
    [
        ("我手机13812345678一直有人打", f"我手机{PHONE}一直有人打"),
        ("第一13812345678", f"第一{PHONE}"),
        ("13812345678两次", f"{PHONE}两次"),
        ("138 1234 5678 139 1234 5678", f"{PHONE} {PHONE}"),
        ("13812345678 13912345678", f"{PHONE} {PHONE}"),
        ("110101199003071234 13812345678", f"{ID} {PHONE}"),
        ("13812345678 6222020212345678", f"{PHONE} {CARD}"),
        ("电话13812345678 23000块", f"电话{PHONE} 23000块"),
        ("电话：13812345678。欠了2000。", f"电话：{PHONE}。欠了2000。"),
        ("卡号6222020212345678901x", f"卡号{CARD}x"),
        (
            "身份证110101199003071234，电话 138 1234 5678，卡号6222 0202 1234 5678。",
            f"身份证{ID}，电话 {PHONE}，卡号{CARD}。",
        ),
        ("手机号码是：一三八，一二三四，五六七八", "手机号码是：一三八，一二三四，五六七八"),  # commas end a number
        ("电话(0086)13812345678", f"电话{PHONE}"),
        ("电话13812345678。一二三四五", f"电话{PHONE}。一二三四五"),  # 。 ends a number
        ("兩陸", "兩陸"),
        ("身份证号码一一〇一〇一一九九〇〇三〇七一二三四一直没变", f"身份证号码{ID}一直没变"),
    ],
)
def test_numbers_next_to_other_things(raw, masked):
    assert mask_pii(raw) == masked


@pytest.mark.parametrize(
    "text",
    [
        "欠了23000元",
        "借了2w5，还了两万三",
        "2026-11-26到期",
        "2026-11-26 2026-12-26",
        "2026.11.26-2026.12.26",
        "二〇二六年十一月二十六日",
        "打12378、12368或者12356",
        "12378 12368 12356",
        "110 120 12356 12378",
        "一二三木头人，一五一十地说",
        "三三两两，七七八八",
        "本金23,680.55元，利息1,234.56元",
        "23680.55 1234.56",
        "民法典第六百七十六条",
        "合同编号1234567890",
        "138 1234 567",
        "12345678901",  # 11 digits, not a mobile number
        "010-12345678",
        "400-123-4567",
        "95588",
        "尾号5678",
        "138****5678",
        "身份证1101**********1234",
        "年化24%，日息万分之五，逾期3个月",
        "逾期金额：\n2000\n1500\n3000\n4500",  # a line break ends a number
        "1,381,234,5678",
        "",
        "x\udc00",
        "\udc00" * 30,
        "\x00" * 30,
        "1\x00" * 5,
    ],
)
def test_things_that_are_not_personal_numbers_are_kept(text):
    assert mask_pii(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "x\udc00",
        "\ud800" + "1" * 18,
        "\x00".join("13812345678"),
        "1" * 100_000,
        "1 " * 50_000,
        "一" * 50_000,
        "\u200b" * 1000 + "8",
    ],
)
def test_never_raises(text):
    assert isinstance(mask_pii(text), str)


def test_nul_characters_do_not_hide_a_number():
    assert mask_pii("138\x001234\x005678") == PHONE


@pytest.mark.parametrize(
    "unit",
    [
        "我在花呗逾期了三个月，欠款23,680.55元，催收打我电话13812345678，身份证110101199003071234，卡号6222 0202 1234 5678。",
        "我想问一下逾期以后征信会怎么样",
        "1 3 8 1 2 3 4 5 6 7 8 ",
        "138\u200b1234\u200b5678 ",
        "一三八一二三四五六七八一直",
        "1 2 3 - 4 . 5 · 6 ",
        "138 1234 5678 ",
        "一",
        "1 ",
    ],
)
def test_a_50000_character_message_is_fast(unit):
    text = (unit * (50_000 // len(unit) + 1))[:50_000]
    mask_pii(text)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()  # CPU time: other processes on the machine do not count
        mask_pii(text)
        best = min(best, time.process_time() - start)
    assert best < 0.1
