"""Masks personal identifiers before text reaches trackers, logs or tickets.

`mask_pii` replaces resident ID-card numbers (18 characters, or the old 15 digits),
mainland mobile numbers (maybe after +86, 86 or 0086) and bank-card numbers (16-19
digits) with a label, and keeps every other character of the text as it was.

People, and anyone trying to get a number past the filter, write these numbers in
many ways, so the search runs on a canonical view of the text, with a map back:

- anything that is a digit (ASCII, full-width １, any Unicode decimal digit such as
  ٣ or 𝟑, circled ③, superscript ³) becomes that ASCII digit; Chinese numerals
  written digit by digit (一三八…, 幺 for 1, 两 for 2, 〇/零 for 0, 壹贰叁…) become
  the letters a-j: they count as digits, and as a place where a number may end
  ("13812345678一直在打" is a mobile number and 一直);
- X, x, Ｘ and the like become "X" (the check character of an ID);
- separators typed between digits (spaces of any width, tabs, every Unicode dash,
  dots, middle dots, underscores) become "-";
- invisible characters (zero-width spaces and joiners, soft hyphen, BOM, bidi marks,
  variation selectors, combining marks such as the keycap of 1️⃣, control
  characters such as NUL) are dropped, so any number of them may stand between digits;
- line breaks and everything else end a number.

A *run* is a chain of at least 11 digits with at most three separators between
neighbours, maybe ending in an X; its *units* are the groups of non-Chinese digits
between separators, and each Chinese numeral. The run is covered by numbers made of
whole units, with the cover that scores best: 2 points per digit hidden (1 for the
digits of a +86 / 0086 prefix), plus 8 for a mobile number or an ID with a plausible
birth date (16 if its check character is right as well), 1 for an old 15-digit ID,
1 for a card passing the Luhn check; at equal points the cover hiding more digits
wins, then the one with fewer numbers. So "138 1234 5678 139 1234 5678" is two mobile
numbers (not a card and a leftover), and an ID or a mobile number touching one more
digit stays an ID or a mobile number. A card never starts with 0 or 1, nor with a
mobile number written in one piece ("13812345678 23000" is a mobile number and an
amount), nor is made only of dates ("2026-11-26 2026-12-26") or service numbers
("110 120 12378"). An ID is checked first, then a card, then a mobile number: 18
digits with a plausible birth date are an ID, other 16-19 digits a card.
Beyond 2,000 units per message the rest is covered greedily by one regular expression.

Deliberately not masked: digits split by line breaks, commas, slashes, brackets (but
"(+86)" belongs to the number) or four and more separators; letters standing for
digits (O for 0, l for 1); numbers spelled with 十/百 (一百三十八); a 15-digit number
that is neither an old ID nor 0086 and a mobile number ("12378 12368 12356"); more
than 19 digits in one piece (an order number).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate
from typing import cast

ID_LABEL = "[身份证号已隐藏]"
PHONE_LABEL = "[手机号已隐藏]"
CARD_LABEL = "[银行卡号已隐藏]"

# Canonical symbols (the digits are "0"-"9" and, for Chinese numerals, "a"-"j").
_SEP = "-"
_INVISIBLE = "\u200b"
_X = "X"
_NEUTRAL = "~"  # stands for characters that would otherwise look like a symbol above

_CJK_DIGITS = {
    **dict.fromkeys("〇零○", 0),
    **dict.fromkeys("一幺壹", 1),
    **dict.fromkeys("二两兩贰貳", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_X_LIKE = frozenset("XxＸｘ×ΧχⅩⅹ")
_PLUS = frozenset("+＋﹢")
_OPEN = frozenset("(（﹙")
_CLOSE = frozenset(")）﹚")
# Separators besides the categories Zs (spaces), Pd (dashes) and Pc (underscores).
_EXTRA_SEPARATORS = frozenset(
    "\t"
    ".．"  # dots (not 。, which ends a sentence)
    "·・･‧•․∙⋅᛫⸱ㆍ"  # middle dots and bullets
    "−˗⁃➖ー─━"  # minus signs and dash look-alikes
)
# Control characters that end a line, and so end a number.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
# Letters that render as nothing.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _canonical_char(ch: str) -> str | int:
    if ch in _CJK_DIGITS:
        return chr(ord("a") + _CJK_DIGITS[ch])
    if ch in _X_LIKE:
        return _X
    if ch in _PLUS:
        return "+"
    if ch in _OPEN:
        return "("
    if ch in _CLOSE:
        return ")"
    value = unicodedata.digit(ch, None)
    if value is not None:
        return str(value)
    if ch in _LINE_BREAKS:
        return ord(ch)
    category = unicodedata.category(ch)
    if ch in _EXTRA_SEPARATORS or category in ("Zs", "Pd", "Pc"):
        return _SEP
    if category in ("Cf", "Cc", "Mn", "Me") or ch in _BLANK_LETTERS:
        return _INVISIBLE
    if "a" <= ch <= "j":
        return _NEUTRAL
    return ord(ch)


class _CanonicalTable(dict):
    """A str.translate table filled on first use; at most _CACHED entries are kept."""

    _CACHED = 100_000  # the whole Basic Multilingual Plane fits; a hostile sender cannot grow it further

    def __missing__(self, codepoint: int) -> str | int:
        value = _canonical_char(chr(codepoint))
        if len(self) < self._CACHED:
            self[codepoint] = value
        return value


_TABLE = _CanonicalTable()

_DIGIT_SYMBOLS = "0123456789abcdefghij"
_TO_ASCII = str.maketrans("abcdefghij", "0123456789", _SEP)

# A chain of >= 11 digits, <= 3 separators between neighbours, maybe an ID's X at the end.
_RUN = re.compile(r"[0-9a-j](?:-{0,3}[0-9a-j]){10,}(?:-{0,3}X)?")
# Units: ASCII-style digit groups, and Chinese numerals one by one.
_UNIT = re.compile(r"[0-9]+|[a-j]")
# What may stand before a mobile number and belongs to it: "+", "(+86)", "（0086）".
_PHONE_LEAD = re.compile(r"(?:(?<![0-9a-j])[(+]{0,2}(?:[0a]-{0,3}[0a]-{0,3})?[8i]-{0,3}[6g]-{0,3}\)|[(+]{1,2})-{0,3}\Z")
_DATE_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_SERVICE_NUMBER = re.compile(r"1[12][0-9]|12[0-9]{3}|9[56][0-9]{3}")

_LENGTHS = (11, 13, 15, 16, 17, 18, 19)  # digits in a number, with a +86 / 0086 prefix
# Scores are in half digits: each digit covered is worth 2, and a number that validates
# gets a bonus on top, so that it wins over a longer reading of the same digits.
_VALID_BONUS = 8  # a mobile number, an 18-character ID with a plausible birth date
_CHECKED_BONUS = 16  # an 18-character ID whose check character is right as well
_OLD_ID_BONUS = 1  # a 15-digit ID (birth date only): beats a mobile number and leftovers, not a card
_LUHN_BONUS = 1  # a card passing the Luhn check: only breaks ties
_DP_BUDGET = 2_000  # units searched per message; beyond it runs are covered by _GREEDY
# A cover is scored by points, then by digits hidden, then by fewer numbers: one integer,
# points << 40 | digits << 20 | -numbers (a run has far fewer than 2**20 digits or numbers).
_POINT, _HIDDEN, _NUMBER = 1 << 40, 1 << 20, 1

_D = "[0-9a-j]"
_S = "-{0,3}"
_GREEDY_NUMBERS = (
    rf"(?P<phone>(?:[0a]{_S}[0a]{_S})?(?:[8i]{_S}[6g]{_S})?[1b]{_S}[3-9d-j](?:{_S}{_D}){{9}})"
    rf"|(?P<card>[2-9c-j](?:{_S}{_D}){{15,18}})"
)
_GREEDY_START, _GREEDY_END = r"(?:(?<![0-9])|(?=[a-j]))(?:", r")(?:(?![0-9])|(?<=[a-j]))"
_GREEDY = re.compile(_GREEDY_START + _GREEDY_NUMBERS + _GREEDY_END)
# The same, first trying an ID ending in X (slower: only for runs that end in X).
_GREEDY_X = re.compile(_GREEDY_START + rf"(?P<idx>{_D}(?:{_S}{_D}){{16}}{_S}X)|" + _GREEDY_NUMBERS + _GREEDY_END)
_GREEDY_LABELS = {"idx": ID_LABEL, "card": CARD_LABEL, "phone": PHONE_LABEL}


def _plausible_date(month: str, day: str) -> bool:
    return "01" <= month <= "12" and "01" <= day <= "31"


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit doubled for the Luhn check


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_check(first17: str) -> str:
    """The check character of an 18-character ID (GB 11643, ISO 7064 MOD 11-2)."""
    return "10X98765432"[sum((ord(ch) - 48) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=False)) % 11]


def _classify(digits: str) -> tuple[str | None, int]:
    """The label for a number of exactly these digits, and its bonus (cards: 0, see _Units.luhn)."""
    n = len(digits)
    if n == 11:
        return (PHONE_LABEL, _VALID_BONUS) if _is_mobile(digits) else (None, 0)
    if n == 13:  # the digits of a +86 / 0086 prefix count half
        return (PHONE_LABEL, _VALID_BONUS - 2) if digits[:2] == "86" and _is_mobile(digits[2:]) else (None, 0)
    if n == 15:
        if digits[0] != "0" and _plausible_date(digits[8:10], digits[10:12]):
            return ID_LABEL, _OLD_ID_BONUS
        if digits[:4] == "0086" and _is_mobile(digits[4:]):
            return PHONE_LABEL, _VALID_BONUS - 4
        return None, 0
    if (
        n == 18
        and digits[0] != "0"
        and digits[6:8] in ("18", "19", "20")
        and _plausible_date(digits[10:12], digits[12:14])
    ):
        return ID_LABEL, _CHECKED_BONUS if _id_check(digits[:17]) == digits[17] else _VALID_BONUS
    if 16 <= n <= 19 and digits[0] not in "01":  # no payment card number starts with 0 or 1
        return CARD_LABEL, 0
    return None, 0


def _is_date(year: str, month: str, day: str) -> bool:
    return (
        _DATE_YEAR.fullmatch(year) is not None
        and 1 <= len(month) <= 2
        and 1 <= len(day) <= 2
        and 1 <= int(month) <= 12
        and 1 <= int(day) <= 31
    )


_BYTE_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
_BYTE_DOUBLED = bytes.maketrans(bytes(range(10)), bytes(_DOUBLED))


class _Units:
    """What the cover of a run needs to know about groups of its units, computed once."""

    def __init__(self, digits: str, offsets: list[int]):
        groups = [digits[offsets[k] : offsets[k + 1]] for k in range(len(offsets) - 1)]
        # A mobile number written in one piece and followed by more digits is a mobile number
        # followed by something else (no card number starts with 1), unless the whole is an ID
        # with the right check character or an old 15-digit ID.
        self.mobile = [len(g) in (11, 13, 15) and _classify(g)[0] == PHONE_LABEL for g in groups]
        services = (len(g) in (3, 5) and _SERVICE_NUMBER.fullmatch(g) is not None for g in groups)
        self.service = list(accumulate(services, initial=0))
        self.date = [len(g) == 4 and k + 2 < len(groups) and _is_date(*groups[k : k + 3]) for k, g in enumerate(groups)]
        # Luhn sums with the doubled digits at even (a) or odd (b) positions of the run.
        plain = digits.encode("ascii").translate(_BYTE_VALUE)
        doubled = plain.translate(_BYTE_DOUBLED)
        a, b = bytearray(plain), bytearray(plain)
        a[0::2], b[1::2] = doubled[0::2], doubled[1::2]
        self.luhn_a = list(accumulate(a, initial=0))
        self.luhn_b = list(accumulate(b, initial=0))

    def not_a_card(self, u: int, v: int) -> bool:
        """Units u..v-1 are dates (2026-11-26 2026-12-26) or service numbers (110 120 12378)."""
        if self.service[v] - self.service[u] == v - u:
            return True
        return (v - u) % 3 == 0 and all(self.date[k] for k in range(u, v, 3))

    def luhn(self, a: int, b: int) -> bool:
        """Digits a..b-1 of the run pass the Luhn check (the last digit is not doubled)."""
        sums = self.luhn_a if (b - 1) % 2 else self.luhn_b
        return (sums[b] - sums[a]) % 10 == 0


def _cover_run(run: str, budget: int) -> tuple[list[tuple[int, int, str]], int]:
    """Spans (start, end, label), relative to the run, of the numbers that best cover it,
    and how many units the search looked at (runs of more than `budget` units are covered
    greedily, left to right, by one regular expression instead)."""
    with_x = run.endswith(_X)
    body = run.rstrip(_X + _SEP) if with_x else run
    n = _UNIT.subn("", body)[1]
    if n > 1 and n > budget:
        greedy = _GREEDY_X if with_x else _GREEDY
        # Every alternative is a named group and nothing else captures, so lastgroup is never None.
        return [(m.start(), m.end(), _GREEDY_LABELS[cast(str, m.lastgroup)]) for m in greedy.finditer(run)], 0
    units = [m.span() for m in _UNIT.finditer(body)]
    digits = body.translate(_TO_ASCII)
    if n == 1:  # one piece of digits: it is a number or it is not
        x = with_x and len(digits) == 17
        label = ID_LABEL if x else _classify(digits)[0]
        return ([(0, len(run) if x else len(body), label)] if label else []), 1
    offsets = [0]
    for start, end in units:
        offsets.append(offsets[-1] + end - start)
    unit_at = {offset: k for k, offset in enumerate(offsets)}
    facts = _Units(digits, offsets)

    # best[u]: the score of the best cover of units[u:];
    # choice[u]: the number that starts at unit u in that cover, if any.
    best = [0] * (n + 1)
    choice: list[tuple[int, str, bool] | None] = [None] * (n + 1)
    for u in range(n - 1, -1, -1):
        best_here, choice_here = best[u + 1], None
        first = offsets[u]
        for length in _LENGTHS:
            v = unit_at.get(first + length)
            if v is None:
                continue
            x = False
            if length >= 16 and length != 18:
                if with_x and v == n and length == 17:
                    label, x = ID_LABEL, True
                    bonus = _CHECKED_BONUS if _id_check(digits[first : first + 17]) == "X" else _VALID_BONUS
                elif digits[first] in "01":
                    continue
                else:
                    label, bonus = CARD_LABEL, 0
            else:
                label, bonus = _classify(digits[first : first + length])
                if label is None:
                    continue
            if v - u > 1 and facts.mobile[u] and (label == CARD_LABEL or label == ID_LABEL and bonus == _VALID_BONUS):
                continue
            points = 2 * (length + x) + bonus
            if label == CARD_LABEL:
                if v - u > 1 and facts.not_a_card(u, v):
                    continue
                if facts.luhn(first, first + length):
                    points += _LUHN_BONUS
            score = best[v] + points * _POINT + (length + x) * _HIDDEN - _NUMBER
            if score > best_here:
                best_here, choice_here = score, (v, label, x)
        best[u], choice[u] = best_here, choice_here

    spans = []
    u = 0
    while u < n:
        step = choice[u]
        if step is None:
            u += 1
            continue
        v, label, x = step
        spans.append((units[u][0], len(run) if x else units[v - 1][1], label))
        u = v
    return spans, n


def mask_pii(text: str) -> str:
    """Replaces ID-card, bank-card and mobile numbers with a label; everything else is kept."""
    if not text or len(text) < 11:  # None passes through, as it always did
        return text
    canon = text.translate(_TABLE)
    if sum(canon.count(d) for d in _DIGIT_SYMBOLS) < 11:
        return text
    if _INVISIBLE in canon:
        where = [i for i, ch in enumerate(canon) if ch != _INVISIBLE]
        canon = canon.replace(_INVISIBLE, "")
    else:
        where = None

    spans: list[tuple[int, int, str]] = []
    budget = _DP_BUDGET
    for run in _RUN.finditer(canon):
        base = run.start()
        cover, searched = _cover_run(run.group(), budget)
        budget -= searched
        for start, end, label in cover:
            start += base
            end += base
            if label == PHONE_LABEL:
                lead = _PHONE_LEAD.search(canon, max(0, start - 16), start)
                if lead:
                    start = lead.start()
            if spans and start < spans[-1][1]:
                start = spans[-1][1]
            spans.append((start, end, label))
    if not spans:
        return text

    pieces = []
    done = 0
    for start, end, label in spans:
        if where is not None:
            start, end = where[start], where[end - 1] + 1
            # Combining marks belong to the digit before them (the keycap of 8️⃣).
            while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Me"):
                end += 1
        pieces.append(text[done:start])
        pieces.append(label)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
