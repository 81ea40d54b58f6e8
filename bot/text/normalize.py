"""Text normalisation for Chinese user messages, applied before tokenisation.

Every channel and the parse API go through the Rasa component that wraps
`normalize` (bot.nlu.components.ChineseNormalizer), so the model always sees
one spelling of one script; the planner and the KB's question index read
messages through the same function.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import yaml
import zhconv

from bot.text.resources import TYPOS_FILE

# Masked digits ("***", "xx万", "尾号XXXX") become one token the classifier can learn.
MASK_TOKEN = "MASK"

# Long stories put the question at the end; the head carries the setting.
MAX_CHARS = 1200
HEAD_CHARS = 300

_CN_NUM = "零〇一二两三四五六七八九十百千万"
_UNITS_AFTER_MASK = "万千百元块天个月年号次期位"
_MASK_RE = re.compile(
    r"[*＊]+"  # any run of asterisks
    rf"|(?<![A-Za-z])[xX×]{{2,}}(?![A-Za-z])"  # xx, XXXX standing alone
    rf"|(?<![A-Za-z])[xX×](?=[{_UNITS_AFTER_MASK}])"  # x万, X天
    r"|(?<=\d)[xX×]+(?![A-Za-z])"  # 138xxxx, 2x
)
_SPACE_RE = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff"
_SPACE_BETWEEN_CJK_RE = re.compile(
    rf"(?<=[{_CJK}，。！？、：；,.!?]) (?=[{_CJK}，。！？、：；,.!?\d])|(?<=[{_CJK}\d]) (?=[{_CJK}])"
)
_REPEAT_PUNCT_RE = re.compile(r"([!?,.。！？，、~～…])\1+")
_MASK_REPEAT_RE = re.compile(rf"{MASK_TOKEN}(?:\s*{MASK_TOKEN})+")


@functools.lru_cache(maxsize=1)
def _typos() -> tuple[dict[str, str], re.Pattern, list[tuple[re.Pattern, str]]]:
    spec = yaml.safe_load(TYPOS_FILE.read_text(encoding="utf-8"))
    plain = dict(spec["replace"])
    # Longest first so that "京东白调" is not half-fixed by a shorter entry.
    plain_re = re.compile("|".join(sorted(map(re.escape, plain), key=len, reverse=True)))
    contextual = []
    for item in spec["contextual"]:
        not_after = "".join(f"(?<!{re.escape(word)})" for word in item.get("not_after", []))
        pattern = re.compile(not_after + re.escape(item["wrong"]) + "(?=[" + re.escape(item["before"]) + "])")
        contextual.append((pattern, item["right"]))
    return plain, plain_re, contextual


def _strip_control(text: str) -> str:
    # Control and format characters (zero-width spaces, BOMs, escape codes) carry no meaning.
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def shorten(text: str, limit: int = MAX_CHARS, head: int = HEAD_CHARS) -> str:
    """Keeps the head and the tail of an over-long message (the question is usually last)."""
    if len(text) <= limit:
        return text
    return text[:head] + "……" + text[-(limit - head) :]


def fix_typos(text: str) -> str:
    plain, plain_re, contextual = _typos()
    text = plain_re.sub(lambda m: plain[m.group(0)], text)
    for pattern, right in contextual:
        text = pattern.sub(right, text)
    return text


def normalize(text: str, limit: int | None = MAX_CHARS) -> str:
    """Returns the canonical form of a user message.

    Traditional → Simplified, full-width → half-width, control characters and
    runs of whitespace or punctuation collapsed, masked digits replaced by
    MASK_TOKEN, known typos fixed, over-long text shortened to `limit` characters (head and tail;
    None keeps up to 4 × MAX_CHARS, for checks such as the crisis guard that must see the middle too).
    """
    if not text:
        return ""
    text = shorten(_strip_control(text), limit=MAX_CHARS * 4)
    # NFKC folds full-width letters, digits and punctuation (，？！) to ASCII.
    text = unicodedata.normalize("NFKC", text)
    text = zhconv.convert(text, "zh-cn")
    text = _MASK_RE.sub(MASK_TOKEN, text)
    text = _MASK_REPEAT_RE.sub(MASK_TOKEN, text)
    text = _SPACE_RE.sub(" ", text).strip()
    # A space between Chinese characters is not a word boundary jieba should see.
    text = _SPACE_BETWEEN_CJK_RE.sub("", text)
    text = _REPEAT_PUNCT_RE.sub(r"\1", text)
    text = fix_typos(text)
    return shorten(text, limit) if limit else text
