"""Passive-reply round trip of the WeChat channel, plain and safe mode, against the REST channel in the same run.

Starts the servers as `make run` does, with a WeChat configuration of its own, then sends the same questions
as signed WeChat messages (wechatpy's crypto, as WeChat builds them) and as REST messages, alternating, and
prints the median and p95 of each and their ratio. A retried MsgId is timed too. A benchmark: it prints numbers.

    python -m scripts.bench_wechat [--turns 60]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot import local_servers
from scripts.bench_turn import QUESTIONS, Conversations, count_option

TOKEN, APPID, AES_KEY = "bench-token", "wxbench0000000000", "B" * 43


def fields(xml: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in fromstring(xml)}


class Peer:
    def __init__(self, base: str):
        self.url = f"{base}/webhooks/wechat/webhook"
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
        self.http = requests.Session()

    def post(self, openid: str, text: str, mode: str, msg_id: int) -> tuple[float, str]:
        ts, nonce = str(int(time.time())), f"n{random.randrange(10**9)}"
        signer = WeChatSigner()
        signer.add_data(TOKEN, ts, nonce)
        params = {"signature": signer.signature, "timestamp": ts, "nonce": nonce, "openid": openid}
        xml = (
            f"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
        )
        if mode == "aes":
            sealed = fields(self.crypto.encrypt_message(xml, nonce, ts))
            params.update(encrypt_type="aes", msg_signature=sealed["MsgSignature"])
            xml = f"<xml><Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
        start = time.perf_counter()
        reply = self.http.post(self.url, params=params, data=xml.encode("utf-8"), timeout=60)
        elapsed = time.perf_counter() - start
        reply.raise_for_status()
        return elapsed, reply.text


def summary(name: str, times: list[float], reference: float | None = None) -> str:
    median = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    ratio = f", {median / reference:.2f}× REST" if reference else ""
    return f"{name:<18} median {median * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(times)}{ratio})"


def main() -> int:
    count = count_option(__doc__ or "", "turns", 60)
    if count is None:
        return 1
    env = {"ZHAIDA_WECHAT_TOKEN": TOKEN, "ZHAIDA_WECHAT_APPID": APPID, "ZHAIDA_WECHAT_AES_KEY": AES_KEY}
    with tempfile.TemporaryDirectory() as var:
        servers = local_servers.start(Path(var), env)
        try:
            peer, rest = Peer(servers.base), Conversations(f"{servers.base}/webhooks/rest/webhook")
            http = requests.Session()
            times: dict[str, list[float]] = {"rest": [], "raw": [], "aes": [], "retry": []}
            for i in range(3):  # warm-up
                peer.post("o-warm", QUESTIONS[i], "raw", 10**15 + i)
                rest.post(http, "warm", QUESTIONS[i])
            for i in range(count):
                question, conversation = QUESTIONS[i % len(QUESTIONS)], f"user-{i // 4}"
                start = time.perf_counter()
                rest.post(http, conversation, question).raise_for_status()
                times["rest"].append(time.perf_counter() - start)
                for mode in ("raw", "aes"):
                    msg_id = random.randrange(10**15, 10**16)
                    elapsed, first = peer.post(f"o-{mode}-{conversation}", question, mode, msg_id)
                    times[mode].append(elapsed)
                    if mode == "raw":
                        elapsed, again = peer.post(f"o-{mode}-{conversation}", question, mode, msg_id)
                        times["retry"].append(elapsed)
                        assert fields(again)["Content"] == fields(first)["Content"], "a retry answered differently"
        finally:
            servers.stop()
    reference = statistics.median(times["rest"])
    print(summary("REST turn", times["rest"]))
    print(summary("WeChat plain", times["raw"], reference))
    print(summary("WeChat safe (AES)", times["aes"], reference))
    print(summary("WeChat retry", times["retry"], reference))
    return 0


if __name__ == "__main__":
    sys.exit(main())
