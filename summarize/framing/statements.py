"""The framing measures as short statements, the only numbers the briefing's framing narrative
may use (so it cannot contradict the measurements); each names its article id."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.framing.analyze import ArticleFraming


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def measured_statements(articles: Sequence[ArticleFraming]) -> list[str]:
    """Short statements of the measures, for the model's framing narrative to quote verbatim."""
    out: list[str] = []
    for a in articles:
        tag = f"{a.id} ({a.outlet or a.id})"
        if not a.supported:
            out.append(f"{tag}: not scored by the English lexicons ({a.reason}).")
            continue
        if a.voices:
            top = ", ".join(
                f"{v.speaker} ({v.side}) {_pct(v.share)}" for v in a.voices[:3] if v.quoted_words
            )
            out.append(
                f"{tag}: first quoted speaker {a.first_speaker}; quoted words by "
                f"speaker: {top or 'only indirect quotes'}."
            )
        else:
            out.append(f"{tag}: quotes no one.")
        loaded = [v.text for v in a.verbs if v.loaded]
        out.append(
            f"{tag}: {len(loaded)} of {len(a.verbs)} attributed reporting verbs are "
            f"loaded" + (f" ({', '.join(loaded[:5])})." if loaded else ".")
        )
        words = [f.text for f in a.wording if not f.in_quote and "loaded" in f.categories]
        out.append(
            f"{tag}: {a.rate(a.wording, 'loaded')} loaded and "
            f"{a.rate(a.wording, 'emotive')} emotive words per 100 words of its own text"
            + (f" (e.g. {', '.join(dict.fromkeys(words[:5]))})." if words else ".")
        )
        out.append(
            f"{tag}: {a.rate(a.markers, 'hedge')} hedges and {a.rate(a.markers, 'booster')}"
            f" boosters per 100 words."
        )
        if a.headline is not None and a.headline.headline is not None:
            out.append(
                f"{tag}: headline {a.headline.verdict} by the body "
                f"({_pct(a.headline.coverage)} of its words used in the body)."
            )
    return out
