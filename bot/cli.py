"""`zhaida` command line: small tools for operators and agents."""
from __future__ import annotations

import argparse
import sys

from decimal import Decimal, InvalidOperation
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
    if args.review or args.check_review:
        from bot.kb.review import REVIEW_PATH, render

        path = settings.PROJECT_ROOT / REVIEW_PATH
        text = render(loaded)
        if args.check_review:
            current = path.exists() and path.read_text(encoding="utf-8") == text
            print(f"kb: {REVIEW_PATH} is {'current' if current else 'stale: run `zhaida kb --review`'}")
            return 0 if current else 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"kb: wrote {REVIEW_PATH} ({text.count(chr(10))} lines)")
        return 0
    url = settings.database_url()
    db.create_schema(url)
    changed = store.sync(loaded, url)
    print(
        f"kb: {len(loaded.facts)} facts, {len(loaded.answers)} answers, {len(loaded.platforms)} platforms, "
        f"{len(loaded.channels)} channels, {len(loaded.guides)} guides — "
        f"{'stored' if changed else 'already up to date'} (version {store.content_version(loaded)})"
    )
    return 0


def _money(value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"不是数字: {value}") from None
    if number < 0 or number > Decimal("1e9"):
        raise argparse.ArgumentTypeError(f"超出范围: {value}")
    return number


def _calc(args: argparse.Namespace) -> int:
    import json

    from bot.calc.report import calculate
    from bot.kb import content
    from bot.text.platforms import platform_spellings

    platform = platform_spellings().get(args.platform, args.platform) if args.platform else None
    platform_rate = None
    if platform:
        known = content.load(KB_DIR).platforms.get(platform)
        if known and known.overdue_daily_rate:
            platform_rate = Decimal(known.overdue_daily_rate)
    if args.principal <= 0:
        print("calc: --principal must be positive", file=sys.stderr)
        return 2
    result = calculate(args.principal, args.days, args.daily_rate, platform, platform_rate, args.annual_rate,
                       args.months, args.income, args.expenses, args.capacity)
    if args.json:
        print(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        print(_as_table(result))
    return 0


def _as_json(r) -> dict:
    num = lambda d: float(d) if d is not None else None  # noqa: E731
    assessed = {id(a.plan): a for a in (r.affordability.assessed if r.affordability else ())}
    return {
        "platform": r.platform, "daily_rate": num(r.daily_rate), "rate_source": r.rate_source,
        "annual_rate": num(r.annual_rate),
        "overdue": None if r.overdue is None else {
            "principal": num(r.overdue.principal), "days": r.overdue.days,
            "penalty_interest": num(r.overdue.penalty_interest), "normal_interest": num(r.overdue.normal_interest),
            "total_due": num(r.overdue.total_due)},
        "disposable_income": num(r.affordability.disposable) if r.affordability else None,
        "affordable_limit": num(r.affordability.limit) if r.affordability else None,
        "plans": [{
            "kind": p.kind, "label": p.label, "months": p.months, "first_payment": num(p.first_payment),
            "highest_payment": num(p.highest_payment), "total_interest": num(p.total_interest),
            "total_paid": num(p.total_paid), "note": p.note,
            "share_of_disposable": num(assessed[id(p)].share) if id(p) in assessed else None,
            "affordable": assessed[id(p)].affordable if id(p) in assessed else None,
            "schedule": [{"period": x.number, "payment": num(x.payment), "principal": num(x.principal),
                          "interest": num(x.interest), "balance": num(x.balance)} for x in p.schedule],
        } for p in r.plans],
        "recommended": r.affordability.recommended.label if r.affordability and r.affordability.recommended else None,
        "notes": list(r.notes),
    }


def _as_table(r) -> str:
    from bot.plan.present import pad as _pad

    lines = []
    if r.overdue:
        o = r.overdue
        lines.append(f"逾期{o.days}天：本金 {o.principal:,.2f} 元，逾期利息 {o.penalty_interest:,.2f} 元"
                     f"（日利率 {o.daily_rate * 100:.3f}%，{r.rate_source}），合计应还 {o.total_due:,.2f} 元")
        if o.normal_interest is not None:
            lines.append(f"同期按合同正常利率计的利息：{o.normal_interest:,.2f} 元")
    if r.affordability and r.affordability.disposable is not None:
        lines.append(f"每月可支配收入：{r.affordability.disposable:,.2f} 元（收入 − 必要开支），"
                     f"每月还款上限 {r.affordability.limit:,.2f} 元")
    elif r.affordability:
        lines.append(f"每月最多能还：{r.affordability.limit:,.2f} 元（用户给出）")
    assessed = {id(a.plan): a for a in (r.affordability.assessed if r.affordability else ())}
    header = [_pad("方案", 24), _pad("每月(首期)", 12), _pad("总利息", 12), _pad("总还款", 12), "能否负担"]
    lines += ["", "".join(header)]
    for p in r.plans:
        a = assessed.get(id(p))
        fit = "" if a is None else ("✓ " if a.affordable else "✗ ") + (f"占{a.share:.0%}" if a.share is not None else "无可支配收入")
        lines.append(_pad(p.label, 24) + _pad(f"{p.first_payment:,.2f}", 12) + _pad(f"{p.total_interest:,.2f}", 12)
                     + _pad(f"{p.total_paid:,.2f}", 12) + fit)
        if p.note:
            lines.append("    " + p.note)
    if r.affordability and r.affordability.recommended:
        lines += ["", f"推荐：{r.affordability.recommended.label}（能负担的方案里总还款最少）"]
    lines += [""] + list(r.notes)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhaida", description="债答 tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("db", help="create the database tables (SQLite under var/ or ZHAIDA_DATABASE_URL)").set_defaults(run=_db)
    kb = commands.add_parser("kb", help="check data/kb/ and store it in the database (only if it changed)")
    kb.add_argument("--dir", default=str(KB_DIR), help="the KB folder (default: data/kb)")
    kb.add_argument("--stats", action="store_true", help="print counts and topic × platform coverage; store nothing")
    kb.add_argument("--review", action="store_true", help="write docs/claims-review.md (sentences beside their facts)")
    kb.add_argument("--check-review", action="store_true", help="exit 1 when docs/claims-review.md is stale")
    kb.set_defaults(run=_kb)
    calc = commands.add_parser("calc", help="overdue cost, repayment plans and what the budget allows")
    calc.add_argument("--principal", type=_money, required=True, help="amount owed, yuan")
    calc.add_argument("--days", type=int, default=0, help="days overdue")
    calc.add_argument("--daily-rate", type=_money, help="overdue daily rate as a fraction (0.0005 = 0.05%%/day)")
    calc.add_argument("--platform", help="platform (its reported rate from the KB when no rate is given)")
    calc.add_argument("--annual-rate", type=_money, help="contract annual rate as a fraction (0.18 = 18%%)")
    calc.add_argument("--months", type=int, help="one instalment term instead of 3/6/12/24/36")
    calc.add_argument("--income", type=_money, help="monthly income, yuan")
    calc.add_argument("--expenses", type=_money, help="monthly essential expenses, yuan")
    calc.add_argument("--capacity", type=_money, help="what the user can pay a month, yuan (instead of income/expenses)")
    calc.add_argument("--json", action="store_true", help="JSON with every figure as a number")
    calc.set_defaults(run=_calc)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
