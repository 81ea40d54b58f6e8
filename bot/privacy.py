"""Masks personal identifiers before text reaches trackers, logs or tickets."""
from __future__ import annotations

import re

# Separators people type inside long numbers: 6222 0202 …, 138-1234-5678.
_SEP = r"[\s\-]?"
_PATTERNS = [
    # 18-digit resident ID (last character may be X), then the old 15-digit form.
    ("[身份证号已隐藏]", re.compile(rf"(?<!\d)\d{{6}}(?:{_SEP}\d){{11}}[\dXx](?![\dA-Za-z])|(?<!\d)\d{{15}}(?!\d)")),
    ("[银行卡号已隐藏]", re.compile(rf"(?<!\d)\d(?:{_SEP}\d){{15,18}}(?!\d)")),
    ("[手机号已隐藏]", re.compile(rf"(?<!\d)(?:\+?86{_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}(?!\d)")),
]


def mask_pii(text: str) -> str:
    """Replaces ID-card, bank-card and mobile numbers with a label; everything else is kept."""
    if not text:
        return text
    for label, pattern in _PATTERNS:
        text = pattern.sub(label, text)
    return text
