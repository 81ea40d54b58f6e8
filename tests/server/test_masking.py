"""Generated ID-card, mobile and bank-card numbers, written the ways people write them, sent through the
running server: none may be found in the database (events, hand-over tickets) or in the server logs."""

import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.server

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CHINESE = dict(zip("0123456789", "零一二三四五六七八九", strict=False))
SEPARATORS = ["", "", " ", "-", "–", ".", "·", "\u200b", "  ", " \u200b", "\u3000"]
SENTENCES = [
    "我的{k}是{n}，借呗逾期了怎么办",
    "{n}这个是我{k}，催收一直打",
    "麻烦帮我查一下，{k}：{n}。",
    "花呗逾期三天了 {n} 会上征信吗",
    "转人工，我{k}{n}",
]
SENT: Counter = Counter()


def id_number(rng: random.Random) -> str:
    body = (
        f"{rng.choice(['110101', '310104', '440305', '130102'])}{rng.randint(1960, 2005)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=False)) % 11]


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"


def card(rng: random.Random) -> str:
    return rng.choice(["6222", "6228", "6217", "4367", "6259"]) + "".join(
        str(rng.randint(0, 9)) for _ in range(rng.choice([12, 13, 15]))
    )


KINDS = {"身份证号": id_number, "手机号": mobile, "卡号": card}


@st.composite
def written_number(draw):
    rng = random.Random(draw(st.integers(0, 2**32)))
    kind = draw(st.sampled_from(sorted(KINDS)))
    digits = KINDS[kind](rng)
    style = draw(st.sampled_from(["ascii", "full", "chinese", "mixed"]))
    sep = draw(st.sampled_from(SEPARATORS))
    group = draw(st.sampled_from([3, 4, 5]))
    chars = []
    for i, d in enumerate(digits):
        use = style if style != "mixed" else rng.choice(["ascii", "full", "chinese"])
        if d == "X":
            chars.append(rng.choice(["X", "x", "Ｘ"]))
        elif use == "full":
            chars.append(d.translate(FULL_WIDTH))
        elif use == "chinese":
            chars.append("幺" if d == "1" and rng.random() < 0.3 else CHINESE[d])
        else:
            chars.append(d)
        if sep and i % group == group - 1 and i < len(digits) - 1:
            chars.append(sep)
    prefix = "+86 " if kind == "手机号" and rng.random() < 0.2 else ""
    written = prefix + "".join(chars)
    return kind, digits, written, draw(st.sampled_from(SENTENCES)).format(k=kind, n=written)


def stored(database_url: str) -> str:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        events = connection.execute(text("SELECT sender_id, data FROM events")).fetchall()
        tickets = connection.execute(text("SELECT conversation_id, summary || transcript FROM tickets")).fetchall()
    engine.dispose()
    return "\n".join(
        [f"{s} {json.dumps(json.loads(d), ensure_ascii=False)}" for s, d in events]
        + [f"{c} {summary}" for c, summary in tickets]
    )


def digits_only(value: str) -> str:
    import unicodedata

    out = []
    for ch in value:
        if ch in "幺":
            out.append("1")
        elif ch in "零一二三四五六七八九":
            out.append(str("零一二三四五六七八九".index(ch)))
        elif unicodedata.digit(ch, None) is not None:
            out.append(str(unicodedata.digit(ch)))
        elif ch in "Xx":
            out.append("X")
    return "".join(out)


def test_no_generated_number_reaches_the_database_or_the_logs(bot, servers):
    numbers: list[tuple[str, str, str]] = []

    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(case=written_number())
    def send(case):
        kind, digits, written, sentence = case
        reply = bot.send(f"mask-{len(numbers) % 7}", sentence)
        assert reply.status_code == 200, reply.text
        numbers.append((kind, digits, written))
        SENT[kind] += 1

    send()
    everything = stored(servers.database_url) + "\n" + servers.log.read_text(errors="replace")
    for log in (servers.var / "logs").glob("*.log") if (servers.var / "logs").exists() else []:
        everything += log.read_text(errors="replace")
    # Compare digit streams so that separators or digit styles cannot hide a surviving number.
    stream = digits_only(everything)
    leaked = [(kind, written) for kind, digits, written in numbers if written in everything or digits in stream]
    recall = 1 - len(leaked) / len(numbers)
    print(f"masking recall on {len(numbers)} generated numbers ({dict(SENT)}): {recall:.3f}")
    assert not leaked, leaked[:5]
    assert "手机号已隐藏" in everything and "身份证号已隐藏" in everything and "银行卡号已隐藏" in everything
