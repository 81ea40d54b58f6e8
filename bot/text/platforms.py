"""The platform names users write and their canonical names (bot/nlu/resources/platforms.yml).

Plain YAML reading, so the KB, the planner and the action server can use it without loading spaCy,
jieba or Rasa.
"""

from __future__ import annotations

import functools
import re

import yaml

from bot.text.resources import PLATFORMS_FILE, TYPOS_FILE


@functools.lru_cache(maxsize=1)
def platform_aliases() -> dict[str, str]:
    """Every way of writing a platform → its canonical name."""
    spec = yaml.safe_load(PLATFORMS_FILE.read_text(encoding="utf-8"))
    aliases = {}
    for canonical, names in spec["platforms"].items():
        for name in [canonical, *names]:
            aliases[str(name)] = canonical
    for bank in spec["card_banks"]:
        aliases[f"{bank}信用卡"] = "信用卡"
    return aliases


@functools.lru_cache(maxsize=1)
def platform_spellings() -> dict[str, str]:
    """Aliases plus the typos the normaliser fixes into an alias (花贝 → 花呗): every spelling → canonical."""
    aliases = platform_aliases()
    spec = yaml.safe_load(TYPOS_FILE.read_text(encoding="utf-8"))
    spellings = dict(aliases)
    for wrong, right in spec["replace"].items():
        if right in aliases:
            spellings.setdefault(str(wrong), aliases[right])
    for item in spec["contextual"]:
        if item["right"] in aliases:
            spellings.setdefault(str(item["wrong"]), aliases[item["right"]])
    return spellings


@functools.lru_cache(maxsize=1)
def spelling_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """A case-insensitive pattern of every spelling, longest first, and lower-cased spelling → canonical name."""
    spellings = {k.lower(): v for k, v in platform_spellings().items()}
    pattern = re.compile("|".join(sorted(map(re.escape, spellings), key=len, reverse=True)), re.IGNORECASE)
    return pattern, spellings
