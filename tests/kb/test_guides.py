"""Guides (data/kb/guides.yml): checked with file:line, stored with the rest of the KB, filled on reading."""

import re
import shutil

import pytest
import sqlalchemy as sa

from bot import db
from bot.kb import content, store
from bot.kb.compose import sources_for, sources_line
from bot.kb.models import GuideRow
from bot.kb.repository import KnowledgeBase
from bot.settings import PROJECT_ROOT

from .conftest import KB_DIR

VALUES = {"platform": "花呗", "amount": "12,000元", "monthly": "634.45元", "months": 24, "plan": "等额本息24期"}


def problems(root):
    with pytest.raises(content.ContentError) as error:
        content.load(root)
    return error.value.problems


def append_guide(root, body: str) -> int:
    """Appends a guide entry to guides.yml; returns the line of its '- id:'."""
    path = root / "guides.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + body, encoding="utf-8")
    return len(text.splitlines()) + 2


def line_of(root, needle: str) -> int:
    lines = (root / "guides.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


# ---------- the real content ----------


@pytest.fixture(scope="module")
def kb():
    return content.load(KB_DIR)


def test_the_guides_load_from_data_kb(kb):
    assert set(content.REQUIRED_GUIDES) <= set(kb.guides)
    for guide in kb.guides.values():
        assert guide.title and guide.lines and guide.facts, guide.id
        for fid in guide.facts:
            assert kb.facts[fid].confidence in ("verified", "likely"), (guide.id, fid)
        for line in guide.lines:
            assert set(content.placeholders(line)) <= content.GUIDE_PLACEHOLDERS, (guide.id, line)


def test_the_negotiation_script_states_the_plan_and_the_rules(kb):
    script = kb.guides["negotiation_script"]
    assert 5 <= len(script.lines) <= 8
    text = "".join(script.lines)
    assert {"amount", "plan", "monthly", "months"} <= set(content.placeholders(text))
    for words in ("官方", "截图", "工号", "个人账户", "以贷养贷", "债务优化", "同意"):
        assert words in text, words
    assert "civil_code_678" in script.facts and "credit_repair_scams" in script.facts


def test_the_plan_guides_rest_on_the_facts_they_repeat(kb):
    assert "24%" in "".join(kb.guides["plan_rate_estimate"].lines)
    assert "financial_loan_24_percent" in kb.guides["plan_rate_estimate"].facts
    assert {"channel_12348", "channel_12356"} <= set(kb.guides["plan_no_affordable"].facts)
    assert {"credit_card_70_installment", "credit_card_70_not_a_right", "credit_card_70_not_huabei_jiebei"} <= set(
        kb.guides["plan_card_long"].facts
    )
    assert kb.guides["plan_extension"].facts == ("civil_code_678",)
    assert "{platform}" in "".join(kb.guides["plan_rate_from_kb"].lines)
    assert {"huabei_overdue_rate", "jiebei_penalty_rate"} <= set(kb.guides["plan_rate_from_kb"].facts)


def test_guides_do_not_promise_outcomes(kb):
    for guide in kb.guides.values():
        assert not re.search(r"保证|一定能|肯定能|包过|百分之百", "".join(guide.lines)), guide.id


# ---------- content errors, with file and line ----------


def test_a_missing_guides_file_is_named(kb_copy):
    (kb_copy / "guides.yml").unlink()
    assert "kb/guides.yml:1: file is missing" in problems(kb_copy)


def test_an_empty_guides_file_is_named(kb_copy):
    (kb_copy / "guides.yml").write_text("# nothing yet\n", encoding="utf-8")
    found = problems(kb_copy)
    assert "kb/guides.yml:1: expected a top-level 'guides:' list with at least one entry" in found
    assert not any("is missing (the repayment planner" in p for p in found)  # one problem, not seven


def test_an_empty_guides_list_is_named(kb_copy):
    (kb_copy / "guides.yml").write_text("guides: []\n", encoding="utf-8")
    assert "kb/guides.yml:1: expected a top-level 'guides:' list with at least one entry" in problems(kb_copy)


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("id: extra, facts: [civil_code_678, no_such_fact]", "guide 'extra' cites unknown fact 'no_such_fact'"),
        ("id: extra, facts: [huabei_grace_period]", "guide 'extra' cites unverified fact 'huabei_grace_period'"),
        ("id: extra", "guide 'extra' rests on no fact"),
        ("id: plan_extension, facts: [civil_code_678]", "guide id 'plan_extension' is used twice"),
    ],
)
def test_a_bad_guide_is_named_with_its_line(kb_copy, entry, problem):
    """huabei_grace_period is unverified in data/kb/facts.yml; plan_extension is a guide already."""
    assert content.load(KB_DIR).facts["huabei_grace_period"].confidence == "unverified"
    fields = dict(part.split(": ", 1) for part in entry.split(", ", 1))
    facts = f"\n    facts: {fields['facts']}" if "facts" in fields else ""
    line = append_guide(kb_copy, f"  - id: {fields['id']}\n    title: 额外\n    lines: [一行字]{facts}\n")
    assert f"kb/guides.yml:{line}: {problem}" in problems(kb_copy)


def test_an_unknown_placeholder_is_named_with_the_line_it_is_on(kb_copy):
    line = append_guide(
        kb_copy,
        "  - id: extra\n    title: 额外\n    lines:\n      - 第一行{amount}元\n"
        "      - 第二行有{lender}\n    facts: [civil_code_678]\n",
    )
    found = problems(kb_copy)
    assert any(
        p.startswith(f"kb/guides.yml:{line + 4}: guide 'extra': unknown placeholder '{{lender}}'") for p in found
    ), found
    assert len([p for p in found if "placeholder" in p]) == 1


def test_an_unknown_placeholder_in_the_real_file_is_named(kb_copy):
    path = kb_copy / "guides.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("还{monthly}", "还{monthy}", 1), encoding="utf-8")
    line = line_of(kb_copy, "{monthy}")
    assert any(
        p.startswith(f"kb/guides.yml:{line}: guide 'negotiation_script': unknown placeholder '{{monthy}}'")
        for p in problems(kb_copy)
    )


def test_lines_must_be_a_non_empty_list_of_text(kb_copy):
    line = append_guide(kb_copy, "  - id: extra\n    title: 额外\n    lines: []\n    facts: [civil_code_678]\n")
    line2 = append_guide(
        kb_copy,
        "  - id: extra2\n    title: 额外\n    lines:\n      - 好的一行\n      - {a: b}\n"
        "    facts: [civil_code_678]\n",
    )
    found = problems(kb_copy)
    assert f"kb/guides.yml:{line}: guide 'extra': 'lines' must be a non-empty list of text lines" in found
    assert f"kb/guides.yml:{line2 + 4}: guide 'extra2': every line must be non-empty text" in found


def test_a_guide_needs_a_title(kb_copy):
    line = append_guide(kb_copy, "  - id: extra\n    lines: [一行字]\n    facts: [civil_code_678]\n")
    assert f"kb/guides.yml:{line}: 'title' is required" in problems(kb_copy)


def test_a_required_guide_that_is_missing_is_named(kb_copy):
    path = kb_copy / "guides.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: plan_card_long", "id: plan_card_longer"), encoding="utf-8")
    assert "kb/guides.yml:1: guide 'plan_card_long' is missing (the repayment planner needs it)" in problems(kb_copy)


def test_required_guides_are_the_ones_the_code_uses():
    """Every guide id the code asks the KB for is required, so a KB without it is refused at load time."""
    import re

    from bot.settings import PROJECT_ROOT

    used = set()
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:guide|lines_of)\(\s*(?:snapshot,\s*)?"(\w+)"', text))
    assert used and used == set(content.REQUIRED_GUIDES)


# ---------- storing and reading ----------


def test_sync_stores_the_guides(database_url):
    loaded = content.load(KB_DIR)
    store.sync(loaded, database_url)
    with db.session(database_url) as s:
        rows = {r.id: r for r in s.query(GuideRow)}
    assert set(rows) == set(loaded.guides)
    for gid, guide in loaded.guides.items():
        assert (rows[gid].title, tuple(rows[gid].lines), tuple(rows[gid].facts)) == (
            guide.title,
            guide.lines,
            guide.facts,
        )


def test_a_changed_guide_changes_the_version_and_reaches_a_running_reader(database_url, tmp_path):
    store.sync(content.load(KB_DIR), database_url)
    kb = KnowledgeBase(database_url)
    assert kb.guide("plan_extension").lines[0].startswith("想推迟还款")
    before = store.current_version(database_url)
    changed = tmp_path / "kb2"
    shutil.copytree(KB_DIR, changed)
    path = changed / "guides.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("想推迟还款", "【更新】想推迟还款", 1), encoding="utf-8")
    loaded = content.load(changed)
    assert store.content_version(loaded) != before
    assert store.sync(loaded, database_url) is True
    assert store.current_version(database_url) == store.content_version(loaded)
    assert kb.guide("plan_extension").lines[0].startswith("【更新】想推迟还款")
    with db.session(database_url) as s:
        assert s.query(GuideRow).count() == len(loaded.guides)  # replaced, not added


def test_guide_fills_the_placeholders_and_returns_the_facts(database_url):
    store.sync(content.load(KB_DIR), database_url)
    kb = KnowledgeBase(database_url)
    resolved = kb.guide("negotiation_script", **VALUES)
    text = "\n".join(resolved.lines)
    assert "{" not in text and "}" not in text and "元元" not in text
    assert (
        "一共欠12,000元" in text
        and "按等额本息24期来还" in text
        and "每月大约还634.45元" in text
        and "24个月还清" in text
    )
    assert resolved.guide.id == "negotiation_script" and len(resolved.lines) == len(resolved.guide.lines)
    assert [f.id for f in resolved.facts] == list(resolved.guide.facts)
    assert all(f.source.title and f.as_of for f in resolved.facts)
    rate = kb.guide("plan_rate_from_kb", platform="借呗")
    assert rate.lines[0].startswith("这里用的费率是借呗常见的公开信息")
    assert kb.guide("plan_extension", **VALUES).lines == kb.guide("plan_extension").lines  # unused values are ignored


def test_a_missing_placeholder_value_raises_key_error(database_url):
    store.sync(content.load(KB_DIR), database_url)
    kb = KnowledgeBase(database_url)
    values = dict(VALUES)
    del values["monthly"]
    with pytest.raises(KeyError, match="monthly"):
        kb.guide("negotiation_script", **values)
    with pytest.raises(KeyError, match="platform"):
        kb.guide("plan_rate_from_kb")
    with pytest.raises(KeyError, match="platform"):
        kb.guide("plan_rate_from_kb", platform=None)
    assert kb.guide("no_such_guide") is None


def test_sources_for_cites_a_guides_facts_like_an_answer(database_url):
    store.sync(content.load(KB_DIR), database_url)
    kb = KnowledgeBase(database_url)
    line = sources_for(kb.guide("plan_extension").facts)
    assert line == "依据：《民法典》第六百七十八条（资料截至2025-04-19）"
    card = sources_for(kb.guide("plan_card_long").facts)
    assert card.startswith("依据：《商业银行信用卡业务监督管理办法》第七十条（资料截至")
    answer = kb.answer("negotiate_repayment")
    assert sources_line(answer) == sources_for(answer.facts)
    assert sources_for(()) == "依据："


# ---------- the migration ----------


def _alembic_config(url: str):
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def _head(url: str) -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(url)).get_current_head()


def test_the_claims_migration_adds_the_column_and_back(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'claims.db'}"
    db.create_schema(url)
    store.sync(content.load(KB_DIR), url)
    assert KnowledgeBase(url).answer("lawsuit_risk").answer.claims
    command.downgrade(_alembic_config(url), "0002")
    assert "claims" not in {c["name"] for c in sa.inspect(db.engine(url)).get_columns("kb_answers")}
    assert store.current_version(url) is None
    db.create_schema(url)
    assert store.sync(content.load(KB_DIR), url) is True
    assert KnowledgeBase(url).answer("lawsuit_risk").answer.claims


def test_the_migration_upgrades_a_fresh_sqlite_database_and_back(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    db.create_schema(url)
    engine = db.engine(url)
    inspector = sa.inspect(engine)
    assert "kb_guides" in inspector.get_table_names()
    assert {c["name"] for c in inspector.get_columns("kb_guides")} == {"id", "title", "lines", "facts"}
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == _head(url)
    store.sync(content.load(KB_DIR), url)

    command.downgrade(_alembic_config(url), "0001")
    assert "kb_guides" not in sa.inspect(engine).get_table_names()
    assert store.current_version(url) is None  # the next sync stores everything again
    db.create_schema(url)
    assert store.sync(content.load(KB_DIR), url) is True
    assert KnowledgeBase(url).guide("plan_extension") is not None
