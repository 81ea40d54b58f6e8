"""Answer audit: what 债答 says to 100 real dev-half questions, for a person to judge.

Starts the servers as `make run` does (private SQLite, free ports), asks each question in a new
conversation, and writes results/audit_<label>.jsonl (id, question, replies). The questions are read
from ../shared at run time; the judgments (id, verdict, reason) are kept in eval/real_questions/.

    python -m scripts.answer_audit --label after [--n 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys

import requests

from bot import realq
from bot.settings import PROJECT_ROOT
from scripts.bench_turn import start_servers


def audit_sample(n: int) -> list[realq.Row]:
    """The same n dev-half rows every time: labelled, chosen by a hash of their id."""
    labels = realq.read_labels()
    dev = [r for r in realq.read_rows() if r.id in labels and realq.split_of(r) == "dev"]
    return sorted(dev, key=lambda r: hashlib.sha256(f"audit:{r.id}".encode()).hexdigest())[:n]


def reply_text(replies: list[dict]) -> str:
    parts = []
    for r in replies:
        if r.get("text"):
            parts.append(r["text"])
        if r.get("buttons"):
            parts.append("［按钮：" + " | ".join(b.get("title", "") for b in r["buttons"]) + "］")
        if r.get("custom"):
            parts.append("［" + json.dumps(r["custom"], ensure_ascii=False)[:300] + "］")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", required=True)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    if not realq.SHARED_TSV.exists():
        sys.exit(f"{realq.SHARED_TSV} is not here: the audit needs the real questions")
    rows = audit_sample(args.n)
    servers = start_servers("zhaida-audit-")
    url = f"{servers.base}/webhooks/rest/webhook"
    out = PROJECT_ROOT / "results" / f"audit_{args.label}.jsonl"
    out.parent.mkdir(exist_ok=True)
    try:
        with out.open("w", encoding="utf-8") as f:
            for row in rows:
                reply = requests.post(url, json={"sender": f"audit-{row.id}", "message": row.text}, timeout=120)
                f.write(
                    json.dumps(
                        {
                            "id": row.id,
                            "question": row.text,
                            "status": reply.status_code,
                            "answer": reply_text(reply.json()),
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    finally:
        servers.stop()
    print(f"wrote {out} ({len(rows)} questions)")


if __name__ == "__main__":
    main()
