"""`zhaida` command line: small tools for operators and agents."""
from __future__ import annotations

import argparse
import sys

from pathlib import Path

from bot import db, settings

KB_DIR = settings.PROJECT_ROOT / "data" / "kb"


def _db(_: argparse.Namespace) -> int:
    url = settings.database_url()
    db.create_schema(url)
    print(f"database ready: {db.engine(url).url.render_as_string(hide_password=True)}")
    return 0


def coverage_report(loaded) -> str:
    """Counts and a Markdown table of debt topics × platforms with their own answer."""
    from bot.topics import DEBT_TOPICS

    confidences = {c: sum(1 for f in loaded.facts.values() if f.confidence == c) for c in ("verified", "likely", "unverified")}
    covered = {(a.intent, a.platform) for a in loaded.answers}
    platforms = sorted({a.platform for a in loaded.answers if a.platform}, key=list(loaded.platforms).index)
    lines = [
        f"{len(loaded.facts)} facts ({', '.join(f'{n} {c}' for c, n in confidences.items())}), "
        f"{len(loaded.answers)} answers, {len(loaded.platforms)} platforms, {len(loaded.channels)} channels",
        "",
        "| topic | general | " + " | ".join(platforms) + " |",
        "|---|:-:|" + ":-:|" * len(platforms),
    ]
    for topic in DEBT_TOPICS:
        marks = ["✓" if (topic, p) in covered else "" for p in platforms]
        lines.append(f"| {topic} | {'✓' if (topic, None) in covered else '✗'} | " + " | ".join(marks) + " |")
    lines.append("")
    lines.append("Every other platform gets the general answer, with its own official channels where the answer uses them.")
    return "\n".join(lines)


def _kb(args: argparse.Namespace) -> int:
    from bot.kb import content, store

    try:
        loaded = content.load(Path(args.dir))
    except content.ContentError as error:
        print(f"kb: {len(error.problems)} problem(s); the stored knowledge base is unchanged:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.stats:
        print(coverage_report(loaded))
        return 0
    url = settings.database_url()
    db.create_schema(url)
    changed = store.sync(loaded, url)
    print(
        f"kb: {len(loaded.facts)} facts, {len(loaded.answers)} answers, {len(loaded.platforms)} platforms, "
        f"{len(loaded.channels)} channels — {'stored' if changed else 'already up to date'} "
        f"(version {store.content_version(loaded)})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhaida", description="债答 tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("db", help="create the database tables (SQLite under var/ or ZHAIDA_DATABASE_URL)").set_defaults(run=_db)
    kb = commands.add_parser("kb", help="check data/kb/ and store it in the database (only if it changed)")
    kb.add_argument("--dir", default=str(KB_DIR), help="the KB folder (default: data/kb)")
    kb.add_argument("--stats", action="store_true", help="print counts and topic × platform coverage; store nothing")
    kb.set_defaults(run=_kb)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
