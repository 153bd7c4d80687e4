"""Markdown for the framing measures (a `FramingComparison`): one comparison table, actor tone,
the flagged evidence. Only formats: every measure was computed in `summarize.framing`.

Outlets, speakers, actor names and flagged words come from the articles: each passes through
`cell` (tables) or `inline` (the evidence list) before it reaches the Markdown."""

from __future__ import annotations

from summarize.framing.analyze import ArticleFraming
from summarize.framing.compare import FramingComparison
from summarize.render.markdown_escape import cell, inline
from summarize.settings import current

HEADING = "### Framing, measured"  # the `framing` command's; the briefing names it its own way


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _voices(a: ArticleFraming, n: int = 3) -> str:
    return (
        "; ".join(f"{inline(v.speaker)} {_pct(v.share)}" for v in a.voices[:n] if v.quoted_words)
        or "–"
    )


def _sides(a: ArticleFraming, n: int = 3) -> str:
    return "; ".join(f"{inline(s)} {_pct(w)}" for s, w in list(a.sides.items())[:n]) or "–"


def _headline(a: ArticleFraming) -> str:
    h = a.headline
    if h is None or h.headline is None:
        return "no headline"
    words = ", ".join(inline(w) for w in h.loaded_not_in_body)
    extra = f" (not in body: {words})" if words else ""
    return f"{inline(h.verdict)}, {_pct(h.coverage)} words in body{extra}"


def comparison_markdown(comp: FramingComparison, heading: str = HEADING) -> str:
    head = (
        "| Article | Outlet | Quotes (direct/indirect) | Quoted words | Top voices (share of "
        "quoted words) | Sides | First speaker | Loaded reporting verbs | Hedges /100w | "
        "Boosters /100w | Factives /100w | Loaded /100w | Subjective /100w | Emotive /100w | "
        "Intensity | Tone | Headline vs body |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for a in comp.articles:
        n_direct = sum(q.kind == "direct" for q in a.quotes)
        n_indirect = len(a.quotes) - n_direct
        # Every cell is already Markdown: untrusted parts were escaped where they were written.
        voices = [
            a.id,
            cell(a.outlet or ""),
            f"{n_direct}/{n_indirect}",
            _pct(a.quoted_share),
            _voices(a),
            _sides(a),
            cell(a.first_speaker) if a.first_speaker else "–",
        ]
        if not a.supported:
            cells: list[object] = [*voices, "not scored: " + cell(a.reason or ""), *["–"] * 9]
        else:
            loaded_verbs = sum(v.loaded for v in a.verbs)
            cells = [
                *voices,
                f"{loaded_verbs}/{len(a.verbs)}",
                a.rate(a.markers, "hedge"),
                a.rate(a.markers, "booster"),
                a.rate(a.markers, "factive"),
                a.rate(a.wording, "loaded"),
                a.rate(a.wording, "subjective"),
                a.rate(a.wording, "emotive"),
                a.intensity,
                f"{a.tone:+.2f}",
                _headline(a),
            ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    out = [
        heading,
        "",
        *contrasts_markdown(comp),
        "Counted without the model; rates are per 100 words of the outlet's own text "
        "(direct quotes excluded). Offsets of every flagged word are in the JSON output.",
        "",
        *lines,
    ]
    if comp.actors:
        out += [
            "",
            "#### Tone toward the main actors (VADER, -1..+1, outlet's own words; "
            "sentences naming the actor)",
            "",
            "| Article | " + " | ".join(cell(x) for x in comp.actors) + " |",
            "|---|" + "---|" * len(comp.actors),
        ]
        for a in comp.articles:
            by = {t.actor: t for t in a.actors}
            tones = [
                f"{by[x].tone:+.2f} ({by[x].mentions})" if x in by and by[x].mentions else "–"
                for x in comp.actors
            ]
            out.append(f"| {a.id} | " + " | ".join(tones) + " |")
    out += ["", "#### Flagged words (outlet's own voice)", ""]
    for a in comp.articles:
        outlet = f" ({inline(a.outlet)})" if a.outlet else ""
        out.append(f"- **{a.id}**{outlet}: " + evidence(a))
    return "\n".join(out) + "\n"


def contrasts_markdown(comp: FramingComparison) -> list[str]:
    """What each outlet does differently from the others, as code-written sentences with their
    contrast ids (the items are in the JSON with their evidence offsets)."""
    if not comp.contrasts:
        return []
    out = ["#### What each outlet does differently (computed, against the other outlets)", ""]
    for oc in comp.contrasts:
        items = oc.items[: current().render.contrasts_shown]
        more = len(oc.items) - len(items)
        if not items:
            out.append(f"- **{oc.article_id}**: nothing measured sets it apart from the others.")
            continue
        out.append(
            f"- **{oc.article_id}**: "
            + " ".join(f"{inline(c.sentence)} [{c.id}]" for c in items)
            + (f" (+{more} more in the JSON)" if more > 0 else "")
        )
    return [*out, ""]


def evidence(a: ArticleFraming) -> str:
    """The flagged words of one article as Markdown (words escaped, offsets in brackets)."""
    if not a.supported:
        return f"not scored ({inline(a.reason or '')})"
    # "[start:end] (category)": the space keeps the brackets text, never a link. Only the shown
    # flags (framing/flags.py): emotive/subjective words stay in the rates and the JSON.
    items = [f"{inline(f.text)} [{f.start}:{f.end}] ({'/'.join(f.categories)})" for f in a.flagged]
    shown = current().render.evidence_words
    more = f" … and {len(items) - shown} more" if len(items) > shown else ""
    return (", ".join(items[:shown]) or "none") + more
