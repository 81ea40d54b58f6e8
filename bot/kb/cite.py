"""Sources in the short form people read: 《民法典》第六百七十六条."""

from __future__ import annotations

import re

import cn2an

from bot.kb.content import Source


def _article(article: str) -> str:
    parts = []
    for piece in re.split(r"[、,，]", article):
        m = re.fullmatch(r"\s*(\d+)\s*(之[一二三四五六七八九十])?\s*", piece)
        parts.append(f"第{cn2an.an2cn(int(m.group(1)))}条{m.group(2) or ''}" if m else piece.strip())
    return "、".join(parts)


def _article_key(article: str) -> tuple[int, str]:
    m = re.match(r"\s*(\d+)", article)
    return (int(m.group(1)) if m else 10**6, article)


def cite_all(sources: list[Source]) -> list[str]:
    """Distinct citations, articles of one document merged: 《征信业管理条例》第十五条、第十六条."""
    articles: dict[tuple, list[str]] = {}
    for source in sources:
        if source.article and source.kind != "report":
            key = (source.title, source.number, source.issuer, source.date, source.kind)
            pieces = articles.setdefault(key, [])
            for piece in re.split(r"[、,，]", source.article):
                if piece.strip() and piece.strip() not in pieces:
                    pieces.append(piece.strip())
    cited: list[str] = []
    done: set[tuple] = set()
    for source in sources:
        key = (source.title, source.number, source.issuer, source.date, source.kind)
        if source.article and source.kind != "report":
            if key in done:
                continue
            done.add(key)
            merged = "、".join(sorted(articles[key], key=_article_key))
            text = cite(Source(source.title, merged, source.number, source.issuer, source.date, source.kind))
        else:
            text = cite(source)
        if text not in cited:
            cited.append(text)
    return cited


def cite(source: Source) -> str:
    """《民法典》第六百七十六条 · 法释〔2020〕17号 第二十五条 · 北京商报（2021-09-23）."""
    if source.kind == "report":
        return f"{source.title}（{source.date}）" if source.date else source.title
    title = f"《{source.title}》"
    if source.number and source.article:
        return f"{source.number}{title}{_article(source.article)}"
    if source.article:
        return f"{title}{_article(source.article)}"
    if source.issuer:
        return f"{source.issuer}{title}" + (f"（{source.date}）" if source.date else "")
    return title + (f"（{source.date}）" if source.date else "")
