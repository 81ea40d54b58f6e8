import pytest

from bot.kb.cite import cite
from bot.kb.content import Source


@pytest.mark.parametrize(
    "source, text",
    [
        (Source("民法典", "676"), "《民法典》第六百七十六条"),
        (Source("征信业管理条例", "25、26"), "《征信业管理条例》第二十五条、第二十六条"),
        (Source("刑法", "293之一"), "《刑法》第二百九十三条之一"),
        (
            Source("最高人民法院关于审理民间借贷案件适用法律若干问题的规定", "25", number="法释〔2020〕17号"),
            "法释〔2020〕17号《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条",
        ),
        (Source("北京商报", date="2021-09-23", kind="report"), "北京商报（2021-09-23）"),
        (
            Source("金融机构个人消费类贷款催收工作指引（试行）", issuer="中国银行业协会", date="2026-01-30"),
            "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026-01-30）",
        ),
    ],
)
def test_cite(source, text):
    assert cite(source) == text


def test_articles_of_one_document_are_merged_in_order():
    from bot.kb.cite import cite_all

    sources = [
        Source("征信业管理条例", "29"),
        Source("民法典", "676"),
        Source("征信业管理条例", "15"),
        Source("征信业管理条例", "16、17"),
        Source("北京商报", date="2021-09-23", kind="report"),
    ]
    assert cite_all(sources) == [
        "《征信业管理条例》第十五条、第十六条、第十七条、第二十九条",
        "《民法典》第六百七十六条",
        "北京商报（2021-09-23）",
    ]
