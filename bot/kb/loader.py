"""The one way the knowledge base gets from data/kb/ into the database, with one policy for bad content.

Used by `zhaida kb` (and so `make kb`) and by the launcher on every start (`make run`):
- good content is stored in one transaction, and only when its hash changed;
- bad content is reported file by file, line by line, and nothing is stored: the KB stored earlier
  keeps serving;
- bad content with no KB stored earlier leaves 债答 nothing to answer from: that is a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from bot import db, settings
from bot.kb import content, store

KB_DIR = settings.PROJECT_ROOT / "data" / "kb"


class Outcome(str, Enum):
    STORED = "stored"  # new content is now the KB
    UNCHANGED = "unchanged"  # the same content was already stored
    KEPT = "kept"  # the content has problems; the KB stored earlier keeps serving
    FAILED = "failed"  # the content has problems and no KB was stored earlier


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    loaded: content.Content | None
    problems: tuple[str, ...] = ()

    @property
    def serving(self) -> bool:
        """Whether the database holds a KB to answer from after this load."""
        return self.outcome is not Outcome.FAILED

    def report(self) -> str:
        if self.loaded is not None:
            c = self.loaded
            return (
                f"kb: {len(c.facts)} facts, {len(c.answers)} answers, {len(c.questions)} questions, "
                f"{len(c.platforms)} platforms, {len(c.channels)} channels, {len(c.guides)} guides — "
                f"{'stored' if self.outcome is Outcome.STORED else 'already up to date'} "
                f"(version {store.content_version(c)})"
            )
        lines = [f"kb: data/kb/ has {len(self.problems)} problem(s); nothing was stored:"]
        lines += [f"  {problem}" for problem in self.problems]
        if self.outcome is Outcome.KEPT:
            lines.append("kb: the knowledge base stored earlier keeps serving until these are fixed.")
        else:
            lines.append("kb: and no knowledge base was stored earlier, so 债答 cannot answer. Fix the files above.")
        return "\n".join(lines)


def load(url: str | None = None, directory: Path = KB_DIR) -> Result:
    """Checks `directory` and stores it in the database at `url` (settings' by default) by the policy above."""
    url = url or settings.database_url()
    db.create_schema(url)
    try:
        loaded = content.load(directory)
    except content.ContentError as error:
        kept = store.current_version(url) is not None
        return Result(Outcome.KEPT if kept else Outcome.FAILED, None, tuple(error.problems))
    changed = store.sync(loaded, url)
    return Result(Outcome.STORED if changed else Outcome.UNCHANGED, loaded)
