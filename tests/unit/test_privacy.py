import pytest

from bot.privacy import mask_pii


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
