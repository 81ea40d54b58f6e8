"""Bot messages fitted to WeChat, which shows plain text only (no Rasa imports; used by bot/channels/wechat.py).

- An answer with parts (bot/parts.py) shows its short answer and 「回复1看详细」; the detail, steps and sources
  come when the user sends 1, without another bot turn.
- Buttons become numbered choices; a digit that names one is sent on as the button's payload.
- The plan's table arrives as aligned text already (the plan action sends text to every client but the web).
- Text longer than one WeChat message is split at line breaks, each piece within MAX_BYTES.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from bot import wording as w
from bot.parts import is_answer, is_plan

# WeChat cuts a text reply at 2048 bytes; a margin for the XML around it.
MAX_BYTES = 2000
DETAIL_CHOICE = "1"
MORE_CHOICE = "0"  # the next piece of a reply too long for one message
_DIGITS = re.compile(r"^\s*(\d{1,2})\s*[。.]?\s*$")


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str | None = None  # sent on to the bot as the user's message
    text: str | None = None  # shown as it is (the detail of the last answer)


@dataclass
class Rendered:
    text: str
    choices: dict[str, Choice] = field(default_factory=dict)


def detail_text(parts: dict[str, Any]) -> str:
    pieces = [parts.get("detail") or ""]
    steps = [s for s in parts.get("steps") or [] if isinstance(s, str)]
    if steps:
        pieces.append(w.NEXT_STEPS + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
    pieces.append(parts.get("sources") or "")
    return "\n\n".join(p for p in pieces if p)


def render(messages: list[dict[str, Any]]) -> Rendered:
    """One WeChat text for a bot turn's messages (each with text, buttons and custom, as Rasa sends them)."""
    blocks: list[str] = []
    detail: str | None = None
    buttons: list[tuple[str, str]] = []
    for message in messages:
        custom = message.get("custom")
        if is_answer(custom) and detail is None:
            blocks.append(custom["short"])
            detail = detail_text(custom)
        elif message.get("text"):
            blocks.append(str(message["text"]))
        elif is_plan(custom) and isinstance(custom.get("text"), str):
            blocks.append(custom["text"])
        for button in message.get("buttons") or []:
            title, payload = button.get("title"), button.get("payload")
            if isinstance(title, str) and isinstance(payload, str) and title not in {t for t, _ in buttons}:
                buttons.append((title, payload))
    choices: dict[str, Choice] = {}
    if detail:
        choices[DETAIL_CHOICE] = Choice(w.WECHAT_DETAIL_TITLE, text=detail)
    for title, payload in buttons:
        choices[str(len(choices) + 1)] = Choice(title, payload=payload)
    if choices:
        menu = "\n".join(f"{key}. {choice.title}" for key, choice in choices.items())
        blocks.append(w.WECHAT_CHOICES_INTRO + "\n" + menu)
    return Rendered("\n\n".join(b for b in blocks if b), choices)


def split(text: str, limit: int = MAX_BYTES) -> list[str]:
    """Pieces of at most `limit` UTF-8 bytes, cut at a line break where one is near, never inside a character."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest.encode("utf-8")) > limit:
        cut, size = 0, 0
        for i, ch in enumerate(rest):
            size += len(ch.encode("utf-8"))
            if size > limit:
                cut = i
                break
        head = rest[:cut]
        newline = head.rfind("\n")
        if newline > cut // 2:  # a line break in the second half of the piece: cut there
            head = head[:newline]
        pieces.append(head.rstrip())
        rest = rest[len(head) :].lstrip()
    if rest:
        pieces.append(rest)
    return pieces or [""]


def chosen(text: str, choices: dict[str, Choice]) -> Choice | None:
    """The choice a message names when it is only that digit (「1」, 「 2 」, 「3。」)."""
    match = _DIGITS.match(text or "")
    return choices.get(match.group(1)) if match else None


class UserMemory:
    """What each WeChat user was last offered and what is still to be shown to them, for `ttl` seconds.

    In process memory, bounded; a restart forgets only the numbered choices and undelivered pieces.
    """

    def __init__(self, ttl: float = 24 * 3600, size: int = 20_000):
        self.ttl, self.size = ttl, size
        self._choices: OrderedDict[str, tuple[float, dict[str, Choice]]] = OrderedDict()
        self._pending: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()

    def _put(self, table: OrderedDict, key: str, value: Any) -> None:
        table[key] = (time.monotonic(), value)
        table.move_to_end(key)
        while len(table) > self.size:
            table.popitem(last=False)

    def _get(self, table: OrderedDict, key: str) -> Any:
        item = table.get(key)
        if item is None or time.monotonic() - item[0] > self.ttl:
            table.pop(key, None)
            return None
        return item[1]

    def offer(self, user: str, choices: dict[str, Choice]) -> None:
        if choices:
            self._put(self._choices, user, choices)

    def choices(self, user: str) -> dict[str, Choice]:
        return self._get(self._choices, user) or {}

    def keep(self, user: str, pieces: list[str], front: bool = False) -> None:
        """Pieces not shown yet, after (or before) those waiting; the user sees the next one by sending MORE_CHOICE."""
        if pieces:
            waiting = self._get(self._pending, user) or []
            self._put(self._pending, user, [*pieces, *waiting] if front else [*waiting, *pieces])

    def replace(self, user: str, pieces: list[str]) -> None:
        """A new reply's pieces: what an earlier reply still had waiting is dropped."""
        self._pending.pop(user, None)
        self.keep(user, pieces)

    def has_more(self, user: str) -> bool:
        return bool(self._get(self._pending, user))

    def next_piece(self, user: str) -> str | None:
        pieces = self._get(self._pending, user)
        if not pieces:
            return None
        if len(pieces) > 1:
            self._put(self._pending, user, pieces[1:])
        else:
            self._pending.pop(user, None)
        return pieces[0]
