"""`zhaida` command line: small tools for operators and agents."""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bot import db, settings
from bot import wording as w
from bot.kb.loader import KB_DIR


def _db(_: argparse.Namespace) -> int:
    url = settings.database_url()
    db.create_schema(url)
    print(f"database ready: {db.engine(url).url.render_as_string(hide_password=True)}")
    return 0


def coverage_report(loaded) -> str:
    """Counts and a Markdown table of debt topics × platforms with their own answer."""
    from bot.topics import DEBT_TOPICS

    confidences = {
        c: sum(1 for f in loaded.facts.values() if f.confidence == c) for c in ("verified", "likely", "unverified")
    }
    covered = {(a.intent, a.platform) for a in loaded.answers}
    platforms = sorted({a.platform for a in loaded.answers if a.platform}, key=list(loaded.platforms).index)
    lines = [
        f"{len(loaded.facts)} facts ({', '.join(f'{n} {c}' for c, n in confidences.items())}), "
        f"{len(loaded.answers)} answers, {len(loaded.platforms)} platforms, {len(loaded.channels)} channels, "
        f"{len(loaded.guides)} guides",
        "",
        "| topic | general | " + " | ".join(platforms) + " |",
        "|---|:-:|" + ":-:|" * len(platforms),
    ]
    for topic in DEBT_TOPICS:
        marks = ["✓" if (topic, p) in covered else "" for p in platforms]
        lines.append(f"| {topic} | {'✓' if (topic, None) in covered else '✗'} | " + " | ".join(marks) + " |")
    lines.append("")
    lines.append(
        "Every other platform gets the general answer, with its own official channels where the answer uses them."
    )
    return "\n".join(lines)


def _kb(args: argparse.Namespace) -> int:
    """Checks data/kb/ and stores it (bot/kb/loader.py); --stats and --review only read it."""
    from bot.kb import content, loader

    if args.stats or args.review or args.check_review:
        try:
            loaded = content.load(Path(args.dir))
        except content.ContentError as error:
            lines = [f"kb: {len(error.problems)} problem(s):", *(f"  {p}" for p in error.problems)]
            print("\n".join(lines), file=sys.stderr)
            return 1
        return _kb_stats(loaded) if args.stats else _kb_review(loaded, check_only=args.check_review)
    result = loader.load(settings.database_url(), Path(args.dir))
    print(result.report(), file=sys.stdout if result.loaded else sys.stderr)
    return 0 if result.loaded else 1


def _kb_stats(loaded) -> int:
    print(coverage_report(loaded))
    return 0


def _kb_review(loaded, check_only: bool) -> int:
    from bot.kb.review import REVIEW_PATH, render

    path = settings.PROJECT_ROOT / REVIEW_PATH
    text = render(loaded)
    if check_only:
        current = path.exists() and path.read_text(encoding="utf-8") == text
        print(f"kb: {REVIEW_PATH} is {'current' if current else 'stale: run `zhaida kb --review`'}")
        return 0 if current else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"kb: wrote {REVIEW_PATH} ({text.count(chr(10))} lines)")
    return 0


def _money(value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(w.CLI_NOT_A_NUMBER.format(value=value)) from None
    if number < 0 or number > Decimal("1e9"):
        raise argparse.ArgumentTypeError(w.CLI_OUT_OF_RANGE.format(value=value))
    return number


def _calc(args: argparse.Namespace) -> int:
    import json

    from bot.calc.format import calculation_json, calculation_table
    from bot.calc.report import calculate
    from bot.kb import content
    from bot.text.platforms import platform_spellings

    platform = platform_spellings().get(args.platform, args.platform) if args.platform else None
    platform_rate = None
    if platform:
        known = content.load(KB_DIR).platforms.get(platform)
        if known and known.overdue_daily_rate:
            platform_rate = Decimal(known.overdue_daily_rate)
    if args.debt or args.debts:
        return _calc_several(args)
    if args.principal is None or args.principal <= 0:
        print("calc: --principal must be positive (or give several debts with --debt)", file=sys.stderr)
        return 2
    result = calculate(
        args.principal,
        args.days,
        args.daily_rate,
        platform,
        platform_rate,
        args.annual_rate,
        args.months,
        args.income,
        args.expenses,
        args.capacity,
    )
    if args.json:
        print(json.dumps(calculation_json(result), ensure_ascii=False, indent=2))
    else:
        print(calculation_table(result))
    return 0


def _calc_several(args: argparse.Namespace) -> int:
    """Several debts (--debt 信用卡:50000 … or --debts "信用卡欠了5万，花呗1万"): one plan across them."""
    import json

    from bot.kb import content
    from bot.kb.repository import Snapshot
    from bot.plan import debts as debt_reading
    from bot.plan import several

    entries: list[dict] = []
    if args.debts:
        entries, _ = debt_reading.apply(entries, debt_reading.read_debts(args.debts))
    for spec in args.debt or ():
        entries, _ = debt_reading.apply(entries, _debt_spec(spec))
    if len(debt_reading.complete(entries)) < 1:
        print("calc: no debt with an amount was given", file=sys.stderr)
        return 2
    if args.capacity is None and (args.income is None or args.expenses is None):
        print("calc: give --income and --expenses, or --capacity", file=sys.stderr)
        return 2
    kb = content.load(KB_DIR)
    snapshot = Snapshot("files", kb.facts, kb.channels, kb.platforms, {}, {}, kb.guides, kb.questions)
    view = several.render(entries, snapshot.guide, snapshot.platform, args.income, args.expenses, args.capacity)
    if args.json:
        print(json.dumps(several.as_json(view), ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(filter(None, [view.summary, view.table, view.order, view.scripts])))
    return 0


def _debt_spec(spec: str):
    """PLATFORM:AMOUNT[:days=45][:daily-rate=0.0005][:annual-rate=0.36][:court] as a debts reading."""
    from bot.plan.debts import Mention, Reading
    from bot.text.platforms import platform_spellings

    name, _, rest = spec.partition(":")
    amount, *options = rest.split(":") if rest else ("",)
    mention = Mention(platform_spellings().get(name.strip(), name.strip()), another=True)
    try:
        mention.amount = _money(amount)
        for option in options:
            key, _, value = option.partition("=")
            if key == "days":
                mention.days = int(value)
            elif key == "daily-rate":
                mention.rate = _money(value)
            elif key == "annual-rate":
                mention.rate = _money(value) / 365
            elif key == "court":
                mention.court = True
            else:
                raise argparse.ArgumentTypeError(f"unknown option {key!r}")
    except (argparse.ArgumentTypeError, ValueError) as error:
        raise SystemExit(f"calc: --debt {spec!r}: {error}") from None
    if not mention.platform or mention.amount <= 0:
        raise SystemExit(f"calc: --debt {spec!r}: give a lender and a positive amount")
    return Reading(mentions=[mention])


def _handoffs(args: argparse.Namespace) -> int:
    """Open and claimed hand-over tickets, highest priority first, then oldest (everything is masked)."""
    import json

    from bot import tickets
    from bot.calc.format import table

    rows = tickets.active_tickets(args.conversation)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(w.HANDOFFS_NONE)
        return 0
    cells = [w.HANDOFFS_HEAD]
    for r in rows:
        cells.append(
            (
                str(r.id),
                r.priority,
                f"{r.created_at:%Y-%m-%d %H:%M}",
                r.conversation_id,
                r.status,
                " ".join(r.summary.split())[: args.width],
            )
        )
    print(table(cells))
    print("\n" + w.HANDOFFS_COUNT.format(count=len(rows)))
    return 0


def _triage(args: argparse.Namespace) -> int:
    """Triage a CSV with the current model, loaded in this process (about 15 s)."""
    import asyncio
    import logging

    from bot import modelstore
    from bot.triage.table import TableError, triage_table

    model = modelstore.current_model()
    if model is None:
        print(w.CLI_NO_MODEL, file=sys.stderr)
        return 1
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        with open(args.csv, encoding="utf-8-sig", newline="") as source:
            count = triage_table(
                source, out, lambda text: loop.run_until_complete(agent.parse_message(text)), args.column
            )
    except (OSError, TableError, csv.Error, UnicodeDecodeError) as error:
        print(f"zhaida triage: {error}", file=sys.stderr)
        return 1
    finally:
        if out is not sys.stdout:
            out.close()
        loop.close()
    print(w.CLI_TRIAGED.format(count=count), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhaida", description="债答 tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "db", help="create the database tables (SQLite under var/ or ZHAIDA_DATABASE_URL)"
    ).set_defaults(run=_db)
    kb = commands.add_parser("kb", help="check data/kb/ and store it in the database (only if it changed)")
    kb.add_argument("--dir", default=str(KB_DIR), help="the KB folder (default: data/kb)")
    kb.add_argument("--stats", action="store_true", help="print counts and topic × platform coverage; store nothing")
    kb.add_argument("--review", action="store_true", help="write docs/claims-review.md (sentences beside their facts)")
    kb.add_argument("--check-review", action="store_true", help="exit 1 when docs/claims-review.md is stale")
    kb.set_defaults(run=_kb)
    calc = commands.add_parser("calc", help="overdue cost, repayment plans and what the budget allows")
    calc.add_argument("--principal", type=_money, help="amount owed, yuan (one debt)")
    calc.add_argument(
        "--debt",
        action="append",
        help="one of several debts: PLATFORM:AMOUNT[:days=N][:daily-rate=R][:annual-rate=R][:court] (repeatable)",
    )
    calc.add_argument("--debts", help="several debts as a person writes them: 信用卡欠了5万，花呗1万，两个网贷各三千")
    calc.add_argument("--days", type=int, default=0, help="days overdue")
    calc.add_argument("--daily-rate", type=_money, help="overdue daily rate as a fraction (0.0005 = 0.05%%/day)")
    calc.add_argument("--platform", help="platform (its reported rate from the KB when no rate is given)")
    calc.add_argument("--annual-rate", type=_money, help="contract annual rate as a fraction (0.18 = 18%%)")
    calc.add_argument("--months", type=int, help="one instalment term instead of 3/6/12/24/36")
    calc.add_argument("--income", type=_money, help="monthly income, yuan")
    calc.add_argument("--expenses", type=_money, help="monthly essential expenses, yuan")
    calc.add_argument(
        "--capacity", type=_money, help="what the user can pay a month, yuan (instead of income/expenses)"
    )
    calc.add_argument("--json", action="store_true", help="JSON with every figure as a number")
    calc.set_defaults(run=_calc)
    handoffs = commands.add_parser(
        "handoffs", aliases=["tickets"], help="list open hand-over tickets (masked), highest priority first"
    )
    handoffs.add_argument("--conversation", help="only this conversation id")
    handoffs.add_argument("--json", action="store_true", help="every field, as JSON")
    handoffs.add_argument("--width", type=int, default=60, help="characters of the summary to show (default 60)")
    handoffs.set_defaults(run=_handoffs)
    triage = commands.add_parser("triage", help="a CSV of messages → the same rows with intent, priority and summary")
    triage.add_argument("csv", help="input CSV (UTF-8) with a header")
    triage.add_argument("-o", "--output", help="output CSV (default: standard output)")
    triage.add_argument("--column", default="text", help="the column holding the message (default: text)")
    triage.set_defaults(run=_triage)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
