"""What one bot turn does, as plain data: the messages to send and the slots to set.

The functions that decide a turn (bot/answering.py, bot/plan/form.py) return these; the actions in
actions/ only read the tracker, call them, and hand the result to Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    text: str | None = None
    buttons: tuple[dict, ...] = ()
    response: str | None = None  # a domain response (utter_*) instead of text
    parts: dict[str, Any] | None = None  # the same reply as parts, for channels that render them (bot/parts.py)


@dataclass
class Turn:
    messages: list[Message] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str | None = None, buttons: list[dict] | tuple[dict, ...] = (), **kwargs: Any) -> Turn:
        self.messages.append(Message(text, tuple(buttons), **kwargs))
        return self

    def set(self, **slots: Any) -> Turn:
        self.slots.update(slots)
        return self

    def then(self, other: Turn) -> Turn:
        """This turn's messages and slots followed by another's (its slots win)."""
        return Turn([*self.messages, *other.messages], {**self.slots, **other.slots})
