"""Records what 债答 replies to a fixed set of conversations, to show that a refactor changed no answer.

Conversations: the user turns of tests/stories/test_stories.yml, a few planning conversations, and
(when ../shared is beside the checkout) every labelled real dev-half question as a one-turn
conversation. Starts the servers as `make run` does and writes one JSON line per conversation:

    python -m scripts.record_replies --out results/replies-before.jsonl
    python -m scripts.record_replies --out results/replies-after.jsonl
    python -m scripts.record_replies --compare results/replies-before.jsonl results/replies-after.jsonl

Run both recordings with the same trained model: the comparison is of the code, not of the NLU.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import requests
import yaml

from bot import realq
from bot.settings import PROJECT_ROOT
from scripts.bench_turn import Conversations, start_servers

PLANNING = [
    ["借呗欠了两万三，逾期45天，每月工资六千，房租两千", "不知道", "不对，是两万五", "收入改成八千"],
    ["帮我算一下还款方案", "花呗", "一万五", "20天", "asdf", "asdf", "五千", "三千"],
    ["微粒贷欠了三万，逾期两个月，帮我算一下", "不算了", "继续算", "日息万五", "每月最多能还两千"],
    ["信用卡欠了5w还不上了", "帮我算一算", "招行信用卡", "五万", "逾期三个月", "不想活了"],
    ["借一万到手七千，一年还一万二，合法吗", "依据"],
    ["到手七千要还一万", "借了一年"],
    ["3000块逾期五天", "借呗", "依据"],
]


def conversations() -> list[tuple[str, list[str]]]:
    stories = yaml.safe_load((PROJECT_ROOT / "tests" / "stories" / "test_stories.yml").read_text(encoding="utf-8"))
    found = [
        (f"story:{s['story']}", [step["user"].strip() for step in s["steps"] if "user" in step])
        for s in stories["stories"]
    ]
    found += [(f"plan:{i}", turns) for i, turns in enumerate(PLANNING)]
    if realq.SHARED_TSV.exists():
        labels = realq.read_labels()
        found += [
            (f"real:{r.id}", [r.text]) for r in realq.read_rows() if r.id in labels and realq.split_of(r) == "dev"
        ]
    return found


def record(out: Path, root: Path | None) -> None:
    servers = start_servers("zhaida-record-", root)
    talk = Conversations(f"{servers.base}/webhooks/rest/webhook")
    http = requests.Session()
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with out.open("w", encoding="utf-8") as f:
            for name, turns in conversations():
                replies = []
                for text in turns:
                    reply = talk.post(http, name, text)
                    replies.append(reply.json() if reply.status_code == 200 else {"status": reply.status_code})
                line = json.dumps({"name": name, "turns": turns, "replies": replies}, ensure_ascii=False)
                f.write(line + "\n")
    finally:
        servers.stop()
    print(f"recorded {out}")


def _comparable(record: dict) -> str:
    """The replies without what differs between runs though no answer changed: session ids, request numbers."""
    import re

    text = json.dumps(record["replies"], ensure_ascii=False, sort_keys=True)
    text = re.sub(r'"recipient_id": "[^"]*"', "", text)
    return re.sub(r"编号 \d+", "编号 N", text)


def compare(before: Path, after: Path) -> int:
    old = {r["name"]: r for r in map(json.loads, before.read_text(encoding="utf-8").splitlines())}
    new = {r["name"]: r for r in map(json.loads, after.read_text(encoding="utf-8").splitlines())}
    changed = [name for name in old if name in new and _comparable(old[name]) != _comparable(new[name])]
    missing = sorted(set(old) ^ set(new))
    print(
        f"{len(old)} conversations before, {len(new)} after; "
        f"{len(changed)} with other replies; {len(missing)} unmatched"
    )
    for name in changed[:20]:
        print(f"- {name}: {old[name]['turns']}")
    return 1 if changed or missing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--root", type=Path, help="run the code of this checkout (e.g. a worktree of main)")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.out:
        parser.error("--out or --compare")
    record(args.out, args.root)


if __name__ == "__main__":
    main()
