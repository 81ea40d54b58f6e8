"""The chat widget in Debian's chromium: its size, and how long until it is ready and until the first answer.

Starts the servers as `make run` does, then, in a fresh browser context each time (no stored session),
opens the full page, times the widget until it is connected (the greeting drawn from the server's empty
history) and from pressing Enter to the first answer drawn. Prints the gzipped size and the median and
p95 of each. A benchmark: it prints numbers.

    python -m scripts.bench_widget [--runs 15]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot import local_servers, modelstore
from bot.settings import PROJECT_ROOT

QUESTION = "我借呗逾期三个月了，今天收到律师函短信，是真的吗？"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if modelstore.current_model() is None or chromium is None:
        print("needs a trained model (make model) and Debian's chromium (make browser)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    size = len(gzip.compress((PROJECT_ROOT / "bot" / "web" / "widget.js").read_bytes(), 9))
    ready, answer = [], []
    with tempfile.TemporaryDirectory() as var:
        servers = local_servers.start(Path(var))
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
            for run in range(args.runs + 1):  # the first run warms the server up and is not counted
                context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True)
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{servers.base}/webhooks/chat/")
                page.locator(".msg.bot.greeting").wait_for(timeout=60_000)
                connected = time.perf_counter()
                page.fill("#input", QUESTION)
                asked = time.perf_counter()
                page.keyboard.press("Enter")
                page.locator(".msg.bot.answer").wait_for(timeout=60_000)
                done = time.perf_counter()
                if run:
                    ready.append(connected - start)
                    answer.append(done - asked)
                context.close()
            browser.close()
        finally:
            playwright.stop()
            servers.stop()
    print(f"widget.js: {size / 1024:.1f} KB gzipped")
    for name, times in (("page load → connected", ready), ("Enter → answer drawn", answer)):
        median, high = statistics.median(times) * 1000, p95(times) * 1000
        print(f"{name:<24} median {median:6.0f} ms   p95 {high:6.0f} ms")
    print(f"(n={len(answer)}, each in a fresh browser context)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
