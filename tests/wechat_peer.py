"""WeChat's side of the conversation, for the tests: messages built and signed as WeChat's servers send them
(with wechatpy's own crypto), and a local stand-in for the customer-service message API.
"""

from __future__ import annotations

import json
import random
import string
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests
from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto, _get_signature
from wechatpy.enterprise.crypto import WeChatCrypto as WeComCrypto
from wechatpy.utils import WeChatSigner

TOKEN = "zhaida-wechat-test-token"
APPID = "wx0123456789abcdef"
SECRET = "zhaida-test-secret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat issues them
ACCOUNT = "gh_zhaida_test"
CORP_ID = "ww0123456789abcdef"
WECOM_TOKEN = "zhaida-wecom-test-token"
WECOM_AES_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg"
WECOM_SECRET = "zhaida-wecom-secret"
WECOM_AGENT = "1000002"


def env(api_base: str) -> dict[str, str]:
    """The channel configuration the test servers run with."""
    return {
        "ZHAIDA_WECHAT_TOKEN": TOKEN,
        "ZHAIDA_WECHAT_APPID": APPID,
        "ZHAIDA_WECHAT_SECRET": SECRET,
        "ZHAIDA_WECHAT_AES_KEY": AES_KEY,
        "ZHAIDA_WECHAT_API_BASE": api_base,
        "ZHAIDA_WECOM_TOKEN": WECOM_TOKEN,
        "ZHAIDA_WECOM_AES_KEY": WECOM_AES_KEY,
        "ZHAIDA_WECOM_CORP_ID": CORP_ID,
        "ZHAIDA_WECOM_SECRET": WECOM_SECRET,
        "ZHAIDA_WECOM_AGENT_ID": WECOM_AGENT,
        "ZHAIDA_WECOM_API_BASE": api_base,
    }


def nonce() -> str:
    return "".join(random.choices(string.ascii_letters + string.digits, k=10))


def cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def message_xml(openid: str, kind: str = "text", msg_id: int | None = None, **fields: str) -> str:
    """A message as WeChat posts it: text (Content=), voice (Recognition=), event (Event=), image …"""
    body = {
        "ToUserName": cdata(ACCOUNT),
        "FromUserName": cdata(openid),
        "CreateTime": str(int(time.time())),
        "MsgType": cdata(kind),
    }
    if kind == "voice":
        body.update(MediaId=cdata("media-1"), Format=cdata("amr"))
    if kind == "image":
        body.update(PicUrl=cdata("http://example.invalid/p.jpg"), MediaId=cdata("media-2"))
    for key, value in fields.items():
        body[key] = cdata(value)
    if kind != "event":
        body["MsgId"] = str(msg_id if msg_id is not None else random.randrange(10**15, 10**16))
    return "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in body.items()) + "</xml>"


def signature(token: str, timestamp: str, nonce_: str) -> str:
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce_)
    return signer.signature


@dataclass
class Reply:
    status: int
    text: str
    xml: dict[str, str] = field(default_factory=dict)  # the (decrypted) reply's fields

    @property
    def content(self) -> str:
        return self.xml.get("Content", "")


def fields_of(xml: str | bytes) -> dict[str, str]:
    return {child.tag: child.text or "" for child in fromstring(xml)}


class OfficialAccount:
    """Posts to /webhooks/wechat/webhook as WeChat does, in plain (raw) or safe (aes) mode."""

    def __init__(self, base: str, token: str = TOKEN):
        self.url = f"{base}/webhooks/wechat/webhook"
        self.token = token
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)
        self.http = requests.Session()

    def query(self, openid: str, timestamp: str | None = None) -> dict[str, str]:
        ts, n = timestamp or str(int(time.time())), nonce()
        return {"signature": signature(self.token, ts, n), "timestamp": ts, "nonce": n, "openid": openid}

    def post(self, xml: str | bytes, openid: str = "o-test", mode: str = "raw", query: dict | None = None) -> Reply:
        params = query or self.query(openid)
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        if mode == "aes":
            sealed = fields_of(self.crypto.encrypt_message(body.decode("utf-8"), params["nonce"], params["timestamp"]))
            params = {**params, "encrypt_type": "aes", "msg_signature": sealed["MsgSignature"]}
            body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(sealed['Encrypt'])}</Encrypt></xml>"
            body = body.encode("utf-8")
        reply = self.http.post(self.url, params=params, data=body, timeout=60)
        return self.read(reply, params if mode == "aes" else None)

    def read(self, reply: requests.Response, aes_params: dict | None) -> Reply:
        text = reply.text
        if reply.status_code != 200 or text in ("", "success"):
            return Reply(reply.status_code, text)
        if aes_params is not None:
            outer = fields_of(text)
            inner = self.crypto.decrypt_message(text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
            return Reply(reply.status_code, text, fields_of(inner))
        return Reply(reply.status_code, text, fields_of(text))

    def say(self, openid: str, text: str, mode: str = "raw", msg_id: int | None = None) -> Reply:
        return self.post(message_xml(openid, "text", msg_id, Content=text), openid, mode)


class WeComApp:
    """Posts to /webhooks/wecom/webhook as WeCom does: always encrypted, msg_signature only."""

    def __init__(self, base: str):
        self.url = f"{base}/webhooks/wecom/webhook"
        self.crypto = WeComCrypto(WECOM_TOKEN, WECOM_AES_KEY, CORP_ID)
        self.http = requests.Session()

    def verify(self, echo: str) -> requests.Response:
        from wechatpy.enterprise.crypto import PrpCrypto

        ts, n = str(int(time.time())), nonce()
        encrypted = PrpCrypto(self.crypto.key).encrypt(echo, CORP_ID)
        encrypted = encrypted.decode() if isinstance(encrypted, bytes) else encrypted
        params = {"msg_signature": _get_signature(WECOM_TOKEN, ts, n, encrypted), "timestamp": ts, "nonce": n}
        return self.http.get(self.url, params={**params, "echostr": encrypted}, timeout=30)

    def say(self, user: str, text: str) -> Reply:
        ts, n = str(int(time.time())), nonce()
        inner = (
            f"<xml><ToUserName>{cdata(CORP_ID)}</ToUserName><FromUserName>{cdata(user)}</FromUserName>"
            f"<CreateTime>{ts}</CreateTime><MsgType>{cdata('text')}</MsgType><Content>{cdata(text)}</Content>"
            f"<MsgId>{random.randrange(10**15, 10**16)}</MsgId><AgentID>{WECOM_AGENT}</AgentID></xml>"
        )
        sealed = fields_of(self.crypto.encrypt_message(inner, n, ts))
        body = f"<xml><ToUserName>{cdata(CORP_ID)}</ToUserName><AgentID>{cdata(WECOM_AGENT)}</AgentID>"
        body += f"<Encrypt>{cdata(sealed['Encrypt'])}</Encrypt></xml>"
        params = {"msg_signature": sealed["MsgSignature"], "timestamp": ts, "nonce": n}
        reply = self.http.post(self.url, params=params, data=body.encode("utf-8"), timeout=60)
        if reply.status_code != 200 or reply.text in ("", "success"):
            return Reply(reply.status_code, reply.text)
        outer = fields_of(reply.text)
        decrypted = self.crypto.decrypt_message(reply.text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
        return Reply(reply.status_code, reply.text, fields_of(decrypted))


class MessageApi:
    """A local stand-in for WeChat's access-token and customer-service message endpoints (both APIs)."""

    def __init__(self) -> None:
        self.sent: list[dict] = []  # {"touser", "content", "api"}
        self.token_fetches = 0
        self.token = "token-0"
        self.lock = threading.Condition()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _json(self, value: dict) -> None:
                body = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                if path.endswith("/token") or path.endswith("/gettoken"):
                    with api.lock:
                        api.token_fetches += 1
                        api.token = f"token-{api.token_fetches}"
                        self._json({"access_token": api.token, "expires_in": 7200})
                    return
                self._json({"errcode": 40004, "errmsg": "unknown"})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                token = parse_qs(url.query).get("access_token", [""])[0]
                data = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                with api.lock:
                    if token != api.token:
                        self._json({"errcode": 40001, "errmsg": "invalid credential"})
                        return
                    if url.path.endswith("/message/custom/send") or url.path.endswith("/message/send"):
                        api.sent.append(
                            {"touser": data.get("touser"), "content": data["text"]["content"], "api": url.path}
                        )
                        api.lock.notify_all()
                        self._json({"errcode": 0, "errmsg": "ok"})
                        return
                self._json({"errcode": 40004, "errmsg": "unknown"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def revoke_token(self) -> None:
        """The next call with the current token gets 40001, as after WeChat expires it."""
        with self.lock:
            self.token = "revoked"

    def wait_for(self, touser: str, count: int = 1, timeout: float = 60) -> list[dict]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                mine = [m for m in self.sent if m["touser"] == touser]
                if len(mine) >= count or time.monotonic() > deadline:
                    return mine
                self.lock.wait(timeout=0.5)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
