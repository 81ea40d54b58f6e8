"""WeChat Official Account (/webhooks/wechat/webhook) and WeCom application (/webhooks/wecom/webhook) channels.

Built on wechatpy for signatures, AES, message parsing, replies and the customer-service message API.
Around it, what WeChat does not do for us:

- Every request is signed with the token and carries a timestamp; a wrong signature or a timestamp more
  than MAX_AGE_SECONDS from now is refused with 403 before the body is read. Signatures are compared in
  constant time (wechatpy's own checks use `!=`).
- A body is at most MAX_XML_BYTES and is parsed by defusedxml first, which refuses DTDs and entities, so
  wechatpy's own parser only ever sees plain XML (the decrypted inner message is checked the same way).
- WeChat waits 5 seconds for a reply and retries the same MsgId up to three times. A message is answered
  once: its turn runs as one task that every retry waits on. When the turn takes longer than the passive
  budget, the user gets WECHAT_WORKING at once and the answer follows through the customer-service API.
- Conversation ids are derived from the account and the user's id, in letters only, so no client can name
  another person's conversation and no id looks like a personal number (bot/privacy.py).

Replies are fitted to WeChat's plain text by bot/channels/wechat_reply.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import wording as w
from bot.channels import push
from bot.channels.inbound import BadRequest, check_text, guard
from bot.channels.paused import silent_reply
from bot.channels.rest import PartsCollectingOutput
from bot.channels.wechat_reply import MAX_BYTES, MORE_CHOICE, UserMemory, chosen, render, split
from bot.topics import DEBT_TOPICS

logger = logging.getLogger(__name__)

MAX_XML_BYTES = 64 * 1024
MAX_XML_DEPTH = 4
MAX_AGE_SECONDS = 300
PASSIVE_SECONDS = 4.0  # WeChat gives up after 5 seconds; the reply must be on its way before that
OA_API_BASE = "https://api.weixin.qq.com/cgi-bin/"
WECOM_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin/"


class Refused(Exception):
    def __init__(self, text: str, status: int):
        super().__init__(text)
        self.status = status


def read_xml(body: bytes | str) -> dict[str, str]:
    """The children of a WeChat <xml> body. Oversized, malformed, DTD or entity-bearing XML is refused."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if len(raw) > MAX_XML_BYTES:
        raise Refused(w.WECHAT_TOO_LARGE.format(limit=MAX_XML_BYTES), 413)
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError, UnicodeError):
        raise Refused(w.WECHAT_BAD_XML, 400) from None
    if root.tag != "xml" or _depth(root) > MAX_XML_DEPTH:  # some events nest (ScanCodeInfo); none deeply
        raise Refused(w.WECHAT_BAD_XML, 400)
    return {child.tag: child.text or "" for child in root}


def _depth(element: Any) -> int:
    deepest, stack = 0, [(element, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node)
    return deepest


def fresh(timestamp: object, now: float | None = None) -> bool:
    if not isinstance(timestamp, str) or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs((now if now is not None else time.time()) - int(timestamp)) <= MAX_AGE_SECONDS


def signed(token: str, given: object, *parts: str) -> bool:
    """WeChat's signature (SHA-1 of the sorted token, timestamp, nonce and, in safe mode, the ciphertext),
    compared in constant time: wechatpy compares with `!=`."""
    if not isinstance(given, str) or not token:
        return False
    expected = hashlib.sha1("".join(sorted([token, *parts])).encode("utf-8")).hexdigest()
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def conversation_id(prefix: str, account: str, user: str) -> str:
    """A stable id for one user of one account, in lowercase letters after the prefix."""
    digest = hashlib.sha256(f"{account}\0{user}".encode()).digest()[:16]
    return prefix + "".join(chr(ord("a") + b % 26) for b in digest)


@dataclass
class Job:
    task: asyncio.Task
    acknowledged: bool = False  # WECHAT_WORKING was sent: the answer goes through the message API


class Jobs:
    """The turn of each recent message, by its MsgId (or, for events, sender and time), bounded."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self._jobs: OrderedDict[str, Job] = OrderedDict()

    def has(self, key: str) -> bool:
        return key in self._jobs

    def get_or_start(self, key: str, start: Callable[[], Awaitable[str | None]]) -> Job:
        job = self._jobs.get(key)
        if job is not None:
            return job
        job = Job(asyncio.ensure_future(start()))
        self._jobs[key] = job
        while len(self._jobs) > self.size:
            self._jobs.popitem(last=False)
        return job


class SharedMessages:
    """Which replica answers a message, when several serve one account (ZHAIDA_REDIS_URL set): WeChat's
    retries of a MsgId may reach any replica, and only the first to claim it runs the turn. Its reply is
    kept for a while, so that a retry that reached another replica can repeat it. Without Redis, or when
    Redis fails, each replica decides alone (its own Jobs still deduplicate)."""

    TTL = 120

    def __init__(self, channel: str):
        url = os.environ.get("ZHAIDA_REDIS_URL", "").strip()
        self.prefix = f"zhaida:{channel}"
        self.redis: Any = None
        if url:
            import redis.asyncio  # type: ignore[import-untyped]

            self.redis = redis.asyncio.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    async def claim(self, key: str) -> bool:
        if self.redis is None:
            return True
        try:
            return bool(await self.redis.set(f"{self.prefix}:claim:{key}", "1", nx=True, ex=self.TTL))
        except Exception as error:
            logger.warning("wechat: Redis unavailable for deduplication (%s)", type(error).__name__)
            return True

    async def keep_reply(self, key: str, text: str) -> None:
        if self.redis is not None:
            try:
                await self.redis.set(f"{self.prefix}:reply:{key}", text.encode("utf-8"), ex=self.TTL)
            except Exception as error:
                logger.warning("wechat: a reply could not be shared (%s)", type(error).__name__)

    USER_TTL = 48 * 3600  # WeChat lets the customer-service API write for 48 hours after the user did

    async def remember_user(self, conversation: str, user: str) -> None:
        """Whose conversation this is, for an agent's reply sent from any replica."""
        if self.redis is not None:
            try:
                await self.redis.set(f"{self.prefix}:user:{conversation}", user, ex=self.USER_TTL)
            except Exception as error:
                logger.warning("wechat: the user could not be shared (%s)", type(error).__name__)

    async def user_of(self, conversation: str) -> str | None:
        if self.redis is None:
            return None
        try:
            value = await self.redis.get(f"{self.prefix}:user:{conversation}")
        except Exception:
            return None
        return bytes(value).decode("utf-8") if value is not None else None

    async def wait_reply(self, key: str, seconds: float) -> str | None:
        """The reply another replica gave this message, if it comes within `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                value = await self.redis.get(f"{self.prefix}:reply:{key}")
            except Exception:
                return None
            if value is not None:
                return bytes(value).decode("utf-8")
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(0.2)


class _WeChatBase(InputChannel):
    """What the Official Account and WeCom channels share; subclasses read, seal and send."""

    prefix = "wx"  # of conversation ids
    env = "ZHAIDA_WECHAT_"  # of the configuration variables: TOKEN, AES_KEY, SECRET, API_BASE and the account's
    account_env = "APPID"
    api_base_default = OA_API_BASE

    def __init__(self) -> None:
        self.memory = UserMemory()
        self.jobs = Jobs()
        self.shared = SharedMessages(self.name())
        self.app: Any = None  # the Sanic app, for the agent's stores (seen on the first request)
        self.users: OrderedDict[str, str] = OrderedDict()  # conversation id → the user's id, for pushes
        self.passive_seconds = float(os.environ.get("ZHAIDA_WECHAT_PASSIVE_SECONDS", PASSIVE_SECONDS))
        self._client: Any = None
        env = os.environ
        self.token = env.get(self.env + "TOKEN", "")
        self.account_id = env.get(self.env + self.account_env, "")
        self.secret = env.get(self.env + "SECRET", "")
        base = env.get(self.env + "API_BASE", self.api_base_default)
        self.api_base = base if base.endswith("/") else base + "/"
        aes_key = env.get(self.env + "AES_KEY", "")
        self.crypto = self.make_crypto(aes_key) if aes_key and self.token and self.account_id else None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()  # configured from the environment, like the rest of 债答

    def account(self) -> str:
        return self.account_id

    def decrypt(self, body: bytes, args: dict[str, str]) -> str | bytes:
        """The message inside a safe-mode body; a wrong msg_signature is 403, anything undecryptable 400."""
        from wechatpy.exceptions import InvalidSignatureException

        envelope = read_xml(body)
        if self.crypto is None:
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403)  # encrypted, and no key to check it with
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        if not signed(self.token, args.get("msg_signature"), timestamp, nonce, envelope.get("Encrypt", "")):
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403)
        try:
            return self.crypto.decrypt_message(body, args.get("msg_signature", ""), args["timestamp"], args["nonce"])
        except InvalidSignatureException:
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403) from None
        except Exception:  # bad base64, padding or app id
            raise Refused(w.WECHAT_BAD_XML, 400) from None

    def api_client(self, client_class: Any, token_path: str, params: dict[str, str]) -> Any:
        """A wechatpy client whose API calls, access token included, go to our configured base URL."""
        base = self.api_base

        class Client(client_class):
            API_BASE_URL = base

            def fetch_access_token(self) -> Any:  # wechatpy fixes this URL; ours follows the base
                return self._fetch_access_token(url=base + token_path, params=params)

        # Replicas share the access token through Redis (a new token only retires the old one after 5 minutes).
        url = os.environ.get("ZHAIDA_REDIS_URL", "").strip()
        session = None
        if url:
            import redis
            from wechatpy.session.redisstorage import RedisStorage

            session = RedisStorage(redis.Redis.from_url(url), prefix=f"zhaida:wechatpy:{self.name()}")
        return Client(self.account_id, self.secret, session=session, timeout=10)

    # --- what differs between the Official Account and WeCom ---
    def make_crypto(self, aes_key: str) -> Any:
        raise NotImplementedError

    def configured(self) -> bool:
        raise NotImplementedError

    def not_configured_text(self) -> str:
        raise NotImplementedError

    def verify_url(self, args: dict[str, str]) -> str:
        """The echo for WeChat's URL check; raises Refused."""
        raise NotImplementedError

    def open(self, args: dict[str, str], body: bytes) -> tuple[str | bytes, bool]:
        """The message XML of a signed POST, and whether it came encrypted; raises Refused."""
        raise NotImplementedError

    def parser(self) -> Callable[[Any], Any]:
        """wechatpy's parse_message for this kind of account."""
        raise NotImplementedError

    def parse(self, xml: str | bytes) -> Any:
        try:
            return self.parser()(xml)
        except Exception:  # a message without the fields wechatpy needs (MsgType, a number that is not one)
            raise Refused(w.WECHAT_BAD_XML, 400) from None

    def seal(self, message: Any, text: str, args: dict[str, str], encrypted: bool) -> str:
        raise NotImplementedError

    def make_client(self) -> Any:
        """A wechatpy client for the customer-service message API, or None when not configured."""
        raise NotImplementedError

    def send_text(self, client: Any, user: str, text: str) -> None:
        raise NotImplementedError

    # --- shared ---
    def client(self) -> Any:
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = guard(on_new_message)
        webhook = Blueprint(f"zhaida_{self.name()}_webhook", __name__)
        push.register(self.name(), self.push_to)

        def args_of(request: Request) -> dict[str, str]:
            return {k: v[0] for k, v in request.args.items() if v and isinstance(v[0], str)}

        def refusal(error: Refused) -> HTTPResponse:
            logger.warning("%s: refused a request (%s): %s", self.name(), error.status, error)
            return response.text(str(error), status=error.status)

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.configured():
                return response.text(self.not_configured_text(), status=503)
            try:
                return response.text(self.verify_url(args_of(request)))
            except Refused as error:
                return refusal(error)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.configured():
                return response.text(self.not_configured_text(), status=503)
            args = args_of(request)
            self.app = request.app
            try:
                xml, encrypted = self.open(args, request.body or b"")
                read_xml(xml)
                message = self.parse(xml)
            except Refused as error:
                return refusal(error)
            text = await self.answer(message, handle)
            if not text:
                return response.text("success")  # WeChat's word for "no reply"
            return response.text(self.seal(message, text, args, encrypted), content_type="application/xml")

        return webhook

    async def answer(self, message: Any, handle: Callable[[UserMessage], Awaitable[Any]]) -> str | None:
        """The passive reply to a message (None: none), starting its turn unless a retry finds it started."""
        user = str(message.source)
        try:
            # Events carry no MsgId: WeChat's own rule is sender plus CreateTime (and here the event, since a
            # subscribe and an unsubscribe can share a second).
            event = getattr(message, "event", "")
            key = f"{user}:{message.id}" if message.id else f"{user}:{message.time}:{message.type}:{event}"
        except (TypeError, ValueError):  # a MsgId or CreateTime that is not a number
            key = f"{user}:{message.type}:{time.time()}"
        if not self.jobs.has(key) and not await self.shared.claim(key):  # another replica is answering it
            return await self.shared.wait_reply(key, self.passive_seconds)
        job = self.jobs.get_or_start(key, lambda: self.turn(user, message, handle))
        if job.acknowledged:
            return None
        try:
            text = await asyncio.wait_for(asyncio.shield(job.task), timeout=self.passive_seconds)
        except asyncio.TimeoutError:
            if job.acknowledged:  # another request for the same message acknowledged it meanwhile
                return None
            job.acknowledged = True
            if self.client() is None:  # no message API: the answer waits for the user's 「0」
                job.task.add_done_callback(lambda t: self._keep_result(user, t))
                return w.WECHAT_WORKING_ASK_AGAIN
            job.task.add_done_callback(lambda t: asyncio.ensure_future(self.deliver(user, t)))
            return w.WECHAT_WORKING
        except Exception:
            logger.exception("%s: a turn failed", self.name())
            return w.FAILURE_REPLY
        if text:
            await self.shared.keep_reply(key, text)
        return text or None

    def first_piece(self, user: str, text: str) -> str:
        """The first message of a new reply; the rest replaces whatever was still to be paged through."""
        pieces = split(text, MAX_BYTES - len(w.WECHAT_MORE.encode("utf-8")) - 2)
        self.memory.replace(user, pieces[1:])
        return pieces[0] + ("\n\n" + w.WECHAT_MORE if len(pieces) > 1 else "")

    def _keep_result(self, user: str, task: asyncio.Task) -> None:
        """Without the message API, a slow reply waits in front of its other pieces for the user's 「0」."""
        if not task.cancelled() and task.exception() is None and task.result():
            self.memory.keep(user, [task.result()], front=True)

    async def deliver(self, user: str, task: asyncio.Task) -> None:
        """A slow turn's reply, through the customer-service message API; kept for 「0」 if that fails."""
        if task.cancelled() or task.exception() is not None or not task.result():
            return
        try:
            await asyncio.get_running_loop().run_in_executor(None, self.send_text, self.client(), user, task.result())
        except Exception as error:  # the API is down or refused: the user can still ask for it
            logger.warning("%s: the message API refused a reply (%s)", self.name(), type(error).__name__)
            self.memory.keep(user, [task.result()], front=True)

    async def turn(self, user: str, message: Any, handle: Callable[[UserMessage], Awaitable[Any]]) -> str | None:
        """The whole reply to one WeChat message, as text (None: nothing to say)."""
        kind = message.type
        if kind == "event":
            if str(message.event).startswith("subscribe"):
                return self.welcome(user)
            return None  # unsubscribe, menu clicks, location reports: nothing to answer
        if kind == "voice":
            text = getattr(message, "recognition", None) or ""
            if not text.strip():
                return w.WECHAT_VOICE_UNCLEAR
        elif kind == "text":
            text = message.content or ""
        else:
            return w.WECHAT_UNSUPPORTED
        if text.strip() == MORE_CHOICE:
            piece = self.memory.next_piece(user)
            if piece is None:
                return w.WECHAT_NOTHING_MORE
            more = self.memory.has_more(user) and not piece.endswith(w.WECHAT_MORE)
            return piece + ("\n\n" + w.WECHAT_MORE if more else "")
        choice = chosen(text, self.memory.choices(user))
        if choice is not None and choice.text:
            return self.first_piece(user, choice.text)
        if choice is not None and choice.payload:
            text = choice.payload
        messages = await self.ask_bot(user, text, handle)
        rendered = render(messages)
        self.memory.offer(user, rendered.choices)
        return self.first_piece(user, rendered.text)

    def welcome(self, user: str) -> str:
        buttons = [{"title": DEBT_TOPICS[t], "payload": f"/{t}"} for t in w.WECHAT_WELCOME_TOPICS]
        rendered = render([{"text": w.WECHAT_WELCOME, "buttons": buttons}])
        self.memory.offer(user, rendered.choices)
        return rendered.text

    async def ask_bot(
        self, user: str, text: str, handle: Callable[[UserMessage], Awaitable[Any]]
    ) -> list[dict[str, Any]]:
        try:
            text = check_text(text)
        except BadRequest as error:
            return [{"text": str(error)}]
        collector = PartsCollectingOutput()
        sender = conversation_id(self.prefix, self.account(), user)
        self.users[sender] = user
        self.users.move_to_end(sender)
        while len(self.users) > self.memory.size:
            self.users.popitem(last=False)
        await self.shared.remember_user(sender, user)
        message = UserMessage(text, collector, sender, input_channel=self.name(), metadata={"client": self.name()})
        try:
            await handle(message)
        except Exception:  # the conversation must survive whatever went wrong in this turn
            logger.exception("%s: a message in conversation %s failed", self.name(), sender)
            return [{"text": w.FAILURE_REPLY}]
        return collector.messages or [{"text": await silent_reply(self.app, sender)}]

    async def push_to(self, conversation: str, message: dict) -> bool:
        """An agent's reply or the hand-back, as a customer-service message (WeChat allows it for 48 hours
        after the user last wrote)."""
        user = self.users.get(conversation) or await self.shared.user_of(conversation)
        client = self.client()
        if user is None or client is None or not message.get("text"):
            return False
        text = (w.AGENT_LABEL + "：" if message.get("agent") else "") + str(message["text"])
        await asyncio.get_running_loop().run_in_executor(None, self.send_text, client, user, text)
        return True


class WeChatInput(_WeChatBase):
    """A WeChat Official Account's server (开发者服务器), plain (明文), compatible (兼容) and safe (安全) mode."""

    prefix = "wx"

    @classmethod
    def name(cls) -> str:
        return "wechat"

    def make_crypto(self, aes_key: str) -> Any:
        from wechatpy.crypto import WeChatCrypto

        return WeChatCrypto(self.token, aes_key, self.account_id)

    def configured(self) -> bool:
        return bool(self.token)

    def not_configured_text(self) -> str:
        return w.WECHAT_NOT_CONFIGURED

    def _check(self, args: dict[str, str]) -> None:
        timestamp = args.get("timestamp")
        if not fresh(timestamp) or not signed(self.token, args.get("signature"), str(timestamp), args.get("nonce", "")):
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403)

    def verify_url(self, args: dict[str, str]) -> str:
        self._check(args)
        return args.get("echostr", "")

    def open(self, args: dict[str, str], body: bytes) -> tuple[str | bytes, bool]:
        self._check(args)
        if args.get("encrypt_type", "raw") != "aes":
            return body, False
        return self.decrypt(body, args), True

    def parser(self) -> Callable[[Any], Any]:
        from wechatpy import parse_message

        return parse_message

    def seal(self, message: Any, text: str, args: dict[str, str], encrypted: bool) -> str:
        from wechatpy.replies import TextReply

        xml = TextReply(content=text, message=message).render()
        if encrypted and self.crypto is not None:
            return self.crypto.encrypt_message(xml, args.get("nonce", ""), args.get("timestamp"))
        return xml

    def make_client(self) -> Any:
        if not (self.account_id and self.secret):
            return None
        from wechatpy import WeChatClient

        params = {"grant_type": "client_credential", "appid": self.account_id, "secret": self.secret}
        return self.api_client(WeChatClient, "token", params)

    def send_text(self, client: Any, user: str, text: str) -> None:
        client.message.send_text(user, text)


class WeComInput(_WeChatBase):
    """A WeCom (企业微信) self-built application's callback: always encrypted, echo decrypted on verification."""

    prefix = "wc"
    env = "ZHAIDA_WECOM_"
    account_env = "CORP_ID"
    api_base_default = WECOM_API_BASE

    @classmethod
    def name(cls) -> str:
        return "wecom"

    def __init__(self) -> None:
        super().__init__()
        self.agent_id = os.environ.get("ZHAIDA_WECOM_AGENT_ID", "")

    def make_crypto(self, aes_key: str) -> Any:
        from wechatpy.enterprise.crypto import WeChatCrypto

        return WeChatCrypto(self.token, aes_key, self.account_id)

    def configured(self) -> bool:
        return self.crypto is not None

    def not_configured_text(self) -> str:
        return w.WECOM_NOT_CONFIGURED

    def verify_url(self, args: dict[str, str]) -> str:
        from wechatpy.exceptions import InvalidSignatureException

        timestamp, nonce, echo_in = args.get("timestamp"), args.get("nonce", ""), args.get("echostr", "")
        if not fresh(timestamp) or not signed(self.token, args.get("msg_signature"), str(timestamp), nonce, echo_in):
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403)
        try:
            echo = self.crypto.check_signature(  # type: ignore[union-attr]
                args.get("msg_signature", ""), args["timestamp"], args.get("nonce", ""), args.get("echostr", "")
            )
        except InvalidSignatureException:
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403) from None
        except Exception:
            raise Refused(w.WECHAT_BAD_XML, 400) from None
        return echo.decode("utf-8") if isinstance(echo, bytes) else str(echo)

    def open(self, args: dict[str, str], body: bytes) -> tuple[str | bytes, bool]:
        if not fresh(args.get("timestamp")):
            raise Refused(w.WECHAT_BAD_SIGNATURE, 403)
        return self.decrypt(body, {"nonce": "", **args}), True

    def parser(self) -> Callable[[Any], Any]:
        from wechatpy.enterprise import parse_message

        return parse_message

    def seal(self, message: Any, text: str, args: dict[str, str], encrypted: bool) -> str:
        from wechatpy.enterprise import create_reply

        xml = create_reply(text, message).render()
        return self.crypto.encrypt_message(xml, args.get("nonce", ""), args.get("timestamp"))  # type: ignore[union-attr]

    def make_client(self) -> Any:
        if not (self.account_id and self.secret and self.agent_id):
            return None
        from wechatpy.enterprise import WeChatClient

        return self.api_client(WeChatClient, "gettoken", {"corpid": self.account_id, "corpsecret": self.secret})

    def send_text(self, client: Any, user: str, text: str) -> None:
        client.message.send_text(self.agent_id, user, text)
