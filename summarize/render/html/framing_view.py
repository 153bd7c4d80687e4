"""The framing measures (the comparison's `to_dict()`) as what the page shows: a table with the
outlets side by side, the flagged words linking into the articles, and the marks in the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarize.render.html.marks import Mark
from summarize.settings import current

_WORD_KINDS = ("loaded", "emotive", "subjective", "intensifier")


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    title: str = ""


@dataclass(frozen=True)
class FlaggedWords:
    article_id: str
    label: str
    scored: bool
    reason: str
    links: tuple[Link, ...]
    more: int


def _pct(x: object) -> str:
    return "–" if x is None else f"{100 * float(x):.0f}%"  # type: ignore[arg-type]


def anchor(article_id: str, start: int) -> str:
    return f"{article_id}-c{start}"


def marks(a: dict[str, Any]) -> list[Mark]:
    """Marks for one article's text: direct quotes, flagged words, hedges, loaded verbs."""
    aid = str(a["id"])
    out: list[Mark] = []
    for q in a.get("quotes", []):
        if q.get("kind") == "direct":
            who = q.get("speaker") or "speaker not found"
            out.append(Mark(int(q["start"]), int(q["end"]), "quote", f"direct quote ({who})"))
    anchored: set[int] = set()
    for v in a.get("verbs", []):
        if v.get("loaded"):
            start = int(v["start"])
            out.append(
                Mark(
                    start,
                    int(v["end"]),
                    "verb",
                    f"loaded reporting verb ({v['category']})",
                    anchor(aid, start),
                )
            )
            anchored.add(start)
    for f in a.get("wording", []):
        kinds = [k for k in _WORD_KINDS if k in f.get("categories", [])]
        if not kinds:
            continue
        start = int(f["start"])
        where = " inside a quote" if f.get("in_quote") else ""
        label = "/".join(kinds) + " word" + where
        out.append(
            Mark(
                start,
                int(f["end"]),
                kinds[0] + (" in-quote" if where else ""),
                label,
                None if start in anchored else anchor(aid, start),
            )
        )
        anchored.add(start)
    for m in a.get("markers", []):
        cats = [c for c in ("hedge", "booster", "implicative") if c in m.get("categories", [])]
        if cats:
            start = int(m["start"])
            where = " inside a quote" if m.get("in_quote") else ""
            link = None if start in anchored or where else anchor(aid, start)
            kind = "loaded" if cats[0] == "implicative" else cats[0]  # a flagged word's style
            out.append(Mark(start, int(m["end"]), kind, cats[0] + where, link))
            anchored.add(start)
    return out


def flagged_words(a: dict[str, Any], label: str) -> FlaggedWords:
    aid = str(a["id"])
    if not a.get("supported"):
        return FlaggedWords(aid, label, False, str(a.get("reason") or ""), (), 0)
    # the shown flags (summarize/framing/flags.py): `ArticleFraming.to_dict` always has them
    items: list[tuple[int, Link]] = []
    for f in a["flagged"]:
        s = int(f["start"])
        items.append((s, Link(str(f["text"]), "#" + anchor(aid, s), "/".join(f["categories"]))))
    items.sort(key=lambda x: x[0])
    links = tuple(link for _, link in items)
    return FlaggedWords(
        aid,
        label,
        True,
        "",
        links[: current().render.evidence_words],
        max(0, len(links) - current().render.evidence_words),
    )


def _headline(a: dict[str, Any]) -> str:
    h = a.get("headline")
    if not h or h.get("headline") is None:
        return "no headline"
    extra = ", ".join(h.get("loaded_not_in_body") or [])
    return f"{h['verdict']}, {_pct(h['coverage'])} of its words in the body" + (
        f" (not in body: {extra})" if extra else ""
    )


def table(measures: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Rows of (measure, one value per article): the outlets side by side, phone-friendly."""

    def each(fn: Any, scored_only: bool = True) -> list[str]:
        return [
            ("not scored" if scored_only and not a.get("supported") else str(fn(a)))
            for a in measures
        ]

    def rate(key: str) -> Any:
        return lambda a: f"{float((a.get('rates_per_100_words') or {}).get(key, 0.0)):.2f}"

    def voices(a: dict[str, Any]) -> str:
        vs = [v for v in a.get("voices", [])[:3] if v.get("quoted_words")]
        return "; ".join(f"{v['speaker']} {_pct(v['share'])}" for v in vs) or "–"

    def sides(a: dict[str, Any]) -> str:
        return (
            "; ".join(f"{s} {_pct(w)}" for s, w in list((a.get("sides") or {}).items())[:3]) or "–"
        )

    def quotes(a: dict[str, Any]) -> str:
        qs = a.get("quotes", [])
        direct = sum(q.get("kind") == "direct" for q in qs)
        return f"{direct} / {len(qs) - direct}"

    def loaded_verbs(a: dict[str, Any]) -> str:
        vs = a.get("verbs", [])
        return f"{sum(bool(v.get('loaded')) for v in vs)} of {len(vs)}"

    return [
        ("Quotes (direct / indirect)", each(quotes, False)),
        ("Words in direct quotes", each(lambda a: _pct(a.get("quoted_share")), False)),
        ("Top voices (share of quoted words)", each(voices, False)),
        ("Sides (share of quoted words)", each(sides, False)),
        ("First speaker", each(lambda a: a.get("first_speaker") or "–", False)),
        ("Loaded reporting verbs", each(loaded_verbs)),
        ("Hedges /100 words", each(rate("hedge"))),
        ("Boosters /100 words", each(rate("booster"))),
        ("Factives /100 words", each(rate("factive"))),
        ("Loaded /100 words", each(rate("loaded"))),
        ("Subjective /100 words", each(rate("subjective"))),
        ("Emotive /100 words", each(rate("emotive"))),
        ("Intensity", each(lambda a: f"{float(a.get('intensity') or 0):.2f}")),
        ("Tone (VADER, −1..+1)", each(lambda a: f"{float(a.get('tone') or 0):+.2f}")),
        ("Headline vs body", each(_headline)),
    ]


def actor_tones(measures: list[dict[str, Any]], actors: list[str]) -> list[tuple[str, list[str]]]:
    rows = []
    for a in measures:
        by = {t["actor"]: t for t in a.get("actors", [])}
        rows.append(
            (
                str(a["id"]),
                [
                    f"{float(by[x]['tone']):+.2f} ({by[x]['mentions']})"
                    if x in by and by[x].get("mentions")
                    else "–"
                    for x in actors
                ],
            )
        )
    return rows
