"""Broken KB files fail with the file and line, and never reach the database."""

import pytest

from bot.kb import content, store


def problems(root):
    with pytest.raises(content.ContentError) as error:
        content.load(root)
    return error.value.problems


def test_an_empty_file_is_named(kb_copy):
    (kb_copy / "facts.yml").write_text("", encoding="utf-8")
    assert any(p.startswith("kb/facts.yml:1:") for p in problems(kb_copy))


def test_invalid_yaml_is_named_with_its_line(kb_copy):
    path = kb_copy / "channels.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    found = problems(kb_copy)
    assert any(p.startswith("kb/channels.yml:") and "not valid YAML" in p for p in found), found


def test_a_fact_without_source_is_named_with_its_line(kb_copy):
    path = kb_copy / "facts.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text
        + "\n  - id: orphan_fact\n    statement: 没有来源的说法。\n    confidence: likely\n    as_of: 2026-01-01\n",
        encoding="utf-8",
    )
    line = len(text.splitlines()) + 2
    assert f"kb/facts.yml:{line}: fact 'orphan_fact' needs a source with a title" in problems(kb_copy)


def test_an_answer_citing_an_unverified_fact_is_refused(kb_copy):
    loaded = content.load(kb_copy)
    unverified = [f.id for f in loaded.facts.values() if f.confidence == "unverified"]
    if not unverified:
        (kb_copy / "facts.yml").write_text(
            (kb_copy / "facts.yml").read_text(encoding="utf-8")
            + "\n  - id: rumour\n    statement: 传言。\n    source: {title: 网络传言, kind: report}\n"
            "    confidence: unverified\n    as_of: 2026-01-01\n",
            encoding="utf-8",
        )
        unverified = ["rumour"]
    path = next((kb_copy / "answers").glob("*.yml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace("    facts: [", f"    facts: [{unverified[0]}, ", 1)
    path.write_text(text, encoding="utf-8")
    assert any(f"cites unverified fact '{unverified[0]}'" in p for p in problems(kb_copy))


def test_a_missing_general_answer_is_reported(kb_copy):
    (kb_copy / "answers" / "home_visit.yml").unlink()
    assert any("'home_visit' has no general answer" in p for p in problems(kb_copy))


def test_an_unknown_platform_name_is_reported(kb_copy):
    path = kb_copy / "platforms.yml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n  - name: 不存在贷\n    product_type: 小贷\n", encoding="utf-8"
    )
    assert any("'不存在贷' is not a canonical name" in p for p in problems(kb_copy))


def test_bad_content_leaves_the_stored_kb_alone(kb_copy, sqlite_url):
    good = content.load(kb_copy)
    assert store.sync(good, sqlite_url) is True
    version = store.current_version(sqlite_url)
    (kb_copy / "facts.yml").write_text("facts: [", encoding="utf-8")
    with pytest.raises(content.ContentError):
        content.load(kb_copy)
    assert store.current_version(sqlite_url) == version


def test_the_kb_command_names_the_file_and_keeps_the_old_content(kb_copy, sqlite_url, monkeypatch, capsys):
    from bot import cli

    monkeypatch.setenv("ZHAIDA_DATABASE_URL", sqlite_url)
    assert cli.main(["kb", "--dir", str(kb_copy)]) == 0
    version = store.current_version(sqlite_url)
    (kb_copy / "platforms.yml").write_text("platforms:\n  - name: 花呗\n    product_type: [oops\n", encoding="utf-8")
    assert cli.main(["kb", "--dir", str(kb_copy)]) == 1
    err = capsys.readouterr().err
    assert "kb/platforms.yml:" in err and "nothing was stored" in err and "keeps serving" in err
    assert store.current_version(sqlite_url) == version


def test_bad_content_keeps_the_last_good_kb_serving(kb_copy, sqlite_url):
    from bot.kb import loader

    assert loader.load(sqlite_url, kb_copy).outcome is loader.Outcome.STORED
    assert loader.load(sqlite_url, kb_copy).outcome is loader.Outcome.UNCHANGED
    version = store.current_version(sqlite_url)
    (kb_copy / "answers" / "credit_report.yml").write_text("answers: {}", encoding="utf-8")
    result = loader.load(sqlite_url, kb_copy)
    assert result.outcome is loader.Outcome.KEPT and result.serving  # the launcher still starts
    assert "keeps serving" in result.report() and "kb/answers/credit_report.yml" in result.report()
    assert store.current_version(sqlite_url) == version


def test_bad_content_without_any_stored_kb_cannot_serve(kb_copy, sqlite_url):
    from bot.kb import loader

    (kb_copy / "facts.yml").write_text("", encoding="utf-8")
    result = loader.load(sqlite_url, kb_copy)
    assert result.outcome is loader.Outcome.FAILED and not result.serving
    assert "cannot answer" in result.report()
