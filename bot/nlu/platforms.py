"""The platform names users write and their canonical names (resources/platforms.yml).

Kept apart from entities.py so the KB and the action server can read it without
loading spaCy and jieba.
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

RESOURCES = Path(__file__).parent / "resources"


@functools.lru_cache(maxsize=1)
def platform_aliases() -> dict[str, str]:
    """Every way of writing a platform → its canonical name."""
    spec = yaml.safe_load((RESOURCES / "platforms.yml").read_text(encoding="utf-8"))
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
    spec = yaml.safe_load((RESOURCES / "typos.yml").read_text(encoding="utf-8"))
    spellings = dict(aliases)
    for wrong, right in spec["replace"].items():
        if right in aliases:
            spellings.setdefault(str(wrong), aliases[right])
    for item in spec["contextual"]:
        if item["right"] in aliases:
            spellings.setdefault(str(item["wrong"]), aliases[item["right"]])
    return spellings
