"""Title conflicts: a different title or role before the same person's full name across articles
("President Emmanuel Macron" vs "Prime Minister Emmanuel Macron"; "former President Donald
Trump" vs "President Donald Trump"). Every sentence of every article is scanned, not only claims.

A title is the run of role words just before a name of two or more capitalised words. It is
compared by its *role* words (president, minister, spokesperson, ...) and its *status* words
(former, acting, deputy, vice, ...); other words (nationality, ministry, institution: "French",
"U.S.", "Kremlin", "Foreign") are ignored. Two titles agree when their status words are equal
and one's role words contain the other's ("Minister" and "Foreign Minister"; "spokesman" and
"spokesperson"). Two articles conflict only when no title of one agrees with any title of the
other, so an article that itself uses two titles for a person is never contradicted by one of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarize.align.alignment import Version
from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.words import normalise

_SYNONYMS = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "premier": "premier",
    "pm": "prime minister",
    "sen": "senator",
    "sen.": "senator",
    "rep": "representative",
    "rep.": "representative",
    "gov": "governor",
    "gov.": "governor",
    "gen": "general",
    "gen.": "general",
    "chairwoman": "chair",
    "chairman": "chair",
    "secretary-general": "secretary general",
}
ROLES = frozenset(
    "president minister prime chancellor secretary spokesperson spokesman spokeswoman ambassador "
    "governor senator representative general mayor king queen prince princess premier chair "
    "chairman chairwoman ceo director commander chief leader candidate nominee envoy speaker "
    "pope foreign defence defense finance interior justice attorney presidential "
    "secretary-general sen. rep. gov. gen. pm".split()
)
# Words that change who the person is now; a difference in any of them is a conflict.
STATUS = frozenset(
    "former ex ex- late acting interim deputy vice then outgoing incoming elect "
    "president-elect".split()
)
# Ministry-like qualifiers: ignored unless both sides name one (then they must agree).
_QUALIFIERS = frozenset("foreign defence defense finance interior justice".split())
_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*")
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame".split())


@dataclass(frozen=True)
class Titled:
    article_id: str
    name: str  # "Donald Trump"
    title: str  # as written: "Former President"
    status: frozenset[str]
    roles: frozenset[str]
    sentence: Sentence


def _clean(token: str) -> str:
    token = token.removesuffix("'s").removesuffix("’s")
    return token if len(token) <= 2 else token.rstrip(".")  # keep initials: "J."


def titled_names(article: Article, article_id: str | None = None) -> list[Titled]:
    found: list[Titled] = []
    for sentence in article.sentences:
        text = normalise(sentence.text)
        toks = list(_TOKEN.finditer(text))

        def joined(k: int, text: str = text, toks: list[re.Match[str]] = toks) -> bool:
            """Token k follows token k-1 across plain spaces (no comma, no bracket)."""
            return k > 0 and not text[toks[k - 1].end() : toks[k].start()].strip()

        k = 0
        while k < len(toks):
            low = toks[k].group().lower()
            if low not in ROLES and low not in STATUS:
                k += 1
                continue
            start = k
            k += 1
            while (
                k < len(toks)
                and joined(k)
                and (toks[k].group().lower() in ROLES or toks[k].group().lower() in STATUS)
            ):
                k += 1
            end_title = k
            name: list[str] = []
            while (
                k < len(toks)
                and joined(k)
                and toks[k].group()[0].isupper()
                and toks[k].group().lower() not in ROLES | _HONORIFICS
            ):
                name.append(_clean(toks[k].group()))
                if toks[k].group() != _clean(toks[k].group()):
                    k += 1
                    break  # a possessive ends the name: "Donald Trump's"
                k += 1
            words = [t.group().lower() for t in toks[start:end_title]]
            if len(name) < 2 or not any(w in ROLES for w in words):
                continue
            # "Former President" as written: from the first role/status word to the last
            title = text[toks[start].start() : toks[end_title - 1].end()]
            roles = {_SYNONYMS.get(w, w) for w in words if w in ROLES}
            status = {w.rstrip("-") for w in words if w in STATUS}
            found.append(
                Titled(
                    article_id or article.id,
                    " ".join(name),
                    title,
                    frozenset(status),
                    frozenset(roles),
                    sentence,
                )
            )
    return found


def _agree(a: Titled, b: Titled) -> bool:
    if a.status != b.status:
        return False
    ra, rb = a.roles - _QUALIFIERS, b.roles - _QUALIFIERS
    qa, qb = a.roles & _QUALIFIERS, b.roles & _QUALIFIERS
    if qa and qb and qa != qb:
        return False  # "Foreign Minister" vs "Defence Minister"
    return ra <= rb or rb <= ra


def _same_person(a: str, b: str) -> bool:
    pa, pb = a.split(), b.split()
    return (
        pa[0].lower() == pb[0].lower()
        and fuzz.ratio(pa[-1].lower(), pb[-1].lower()) >= current().align.surname_similarity
    )


def title_conflicts(
    articles: Sequence[Article], canonical: Mapping[str, str]
) -> list[tuple[str, list[Version]]]:
    """(subject, versions) per person whom two articles title incompatibly."""
    order = {a.id: k for k, a in enumerate(articles)}
    mentions: list[Titled] = []
    seen: set[str] = set()
    for article in articles:
        aid = canonical.get(article.id, article.id)
        if aid in seen:
            continue  # a wire copy says what its canonical says
        seen.add(aid)
        mentions += titled_names(article, aid)
    people: list[list[Titled]] = []
    for m in mentions:
        for group in people:
            if _same_person(group[0].name, m.name):
                group.append(m)
                break
        else:
            people.append([m])
    found: list[tuple[str, list[Version]]] = []
    for group in people:
        by_article: dict[str, list[Titled]] = {}
        for m in group:
            by_article.setdefault(m.article_id, []).append(m)
        ids = sorted(by_article, key=lambda a: order.get(a, len(order)))
        clash = any(
            not any(_agree(x, y) for x in by_article[a] for y in by_article[b])
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        )
        if not clash:
            continue
        # versions: titles that agree are one version, shown as the most specific wording
        classes: list[list[Titled]] = []
        for aid in ids:
            for m in by_article[aid]:
                for cls in classes:
                    if _agree(cls[0], m):
                        cls.append(m)
                        break
                else:
                    classes.append([m])
        versions = []
        for cls in classes:
            first: dict[str, Titled] = {}
            for m in cls:
                first.setdefault(m.article_id, m)
            shown = max(
                cls, key=lambda m: (len(m.roles) + len(m.status), -order.get(m.article_id, 0))
            )
            versions.append(
                Version(
                    value=shown.title,
                    article_ids=tuple(first),
                    evidence=tuple(m.sentence for m in first.values()),
                )
            )
        if len(versions) >= 2:
            name = max((m.name for m in group), key=len)
            found.append((f"{name}'s title", versions))
    return found
