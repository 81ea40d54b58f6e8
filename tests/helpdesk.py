"""A team's helpdesk, as far as the ticket webhook can see it: a local HTTP server that records what it is
posted, and can be told to fail its next requests."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "zhaida-test-helpdesk-secret"


class Helpdesk:
    def __init__(self) -> None:
        self.received: list[dict] = []  # {"body": bytes, "json": ..., "signature": str}
        self.attempts = 0
        self.fail_next = 0
        self.lock = threading.Condition()
        desk = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with desk.lock:
                    desk.attempts += 1
                    failing = desk.fail_next > 0
                    if failing:
                        desk.fail_next -= 1
                    else:
                        desk.received.append(
                            {
                                "body": body,
                                "json": json.loads(body),
                                "signature": self.headers.get("X-Zhaida-Signature"),
                            }
                        )
                        desk.lock.notify_all()
                self.send_response(503 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/tickets"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout: float = 30) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = [r for r in self.received if predicate(r["json"])]
                if found or time.monotonic() > deadline:
                    return found
                self.lock.wait(timeout=0.5)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
