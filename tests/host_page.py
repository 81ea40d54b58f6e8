"""A plain web page on its own origin that embeds the widget with one script tag, as a site would."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>某律所 · 债务咨询</title></head>
<body style="font-family: sans-serif; margin: 24px">
<h1>债务问题咨询</h1>
<p>这是一个嵌入了债答聊天窗口的普通网页。点右下角的按钮开始咨询。</p>
<script src="{base}/webhooks/chat/widget.js" defer></script>
</body></html>
"""


class HostPage:
    def __init__(self) -> None:
        self.base = ""  # the bot's origin, known once the servers run
        host = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = PAGE.format(base=host.base).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
