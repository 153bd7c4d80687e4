"""Small SVG bar charts, drawn here as geometry for the template (no charting code in the page).

Labels are article ids and speaker names (untrusted: the template escapes them); every chart
also has its numbers as text, so it reads without the picture."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH = 320
LABEL_W = 118  # label column
BAR_W = 150  # longest bar
ROW_H = 22
TOP = 6
MAX_LABEL = 18  # characters of a label drawn in the chart (the full one is in <title>)


@dataclass(frozen=True)
class Bar:
    label: str  # drawn, maybe shortened
    full: str  # the whole label and value, for <title> and the text version
    value_text: str
    y: int
    width: float  # px, 0..BAR_W
    kind: str  # CSS class of the bar


@dataclass(frozen=True)
class Chart:
    key: str  # unique within the page, for aria ids
    title: str
    caption: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_w: int = LABEL_W
    bar_x: int = LABEL_W + 4
    row_h: int = ROW_H

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_H * max(1, len(self.bars))


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _bars(rows: list[tuple[str, float, str, str]], scale: float) -> tuple[Bar, ...]:
    out = []
    for i, (label, value, text, kind) in enumerate(rows):
        width = round(BAR_W * value / scale, 1) if scale > 0 else 0.0
        out.append(Bar(_short(label), f"{label}: {text}", text, TOP + i * ROW_H, width, kind))
    return tuple(out)


def voice_charts(measures: list[dict[str, Any]], labels: dict[str, str]) -> list[Chart]:
    """Per outlet: each speaker's share of the directly quoted words (top four, the rest summed)."""
    charts = []
    for a in measures:
        voices = [v for v in a.get("voices", []) if v.get("quoted_words")]
        rows: list[tuple[str, float, str, str]] = [
            (str(v["speaker"]), float(v["share"]), _pct(float(v["share"])), "bar voice")
            for v in voices[:4]
        ]
        rest = sum(float(v["share"]) for v in voices[4:])
        if rest > 0:
            rows.append(("other speakers", rest, _pct(rest), "bar other"))
        unattributed = 1.0 - sum(float(v["share"]) for v in voices)
        if voices and unattributed >= 0.005:
            rows.append(("no speaker found", unattributed, _pct(unattributed), "bar other"))
        aid = str(a["id"])
        quoted = float(a.get("quoted_share") or 0.0)
        caption = (
            f"{_pct(quoted)} of the article's words are in direct quotes"
            if rows
            else "no directly quoted words"
        )
        charts.append(
            Chart(f"voices-{aid}", f"{aid} · {labels.get(aid, aid)}", caption, _bars(rows, 1.0))
        )
    return charts


RATE_MEASURES: tuple[tuple[str, str], ...] = (
    ("hedge", "Hedges per 100 words"),
    ("loaded", "Loaded words per 100 words"),
    ("emotive", "Emotive words per 100 words"),
    ("verbs", "Reporting verbs per 100 words"),
    ("loaded_verbs", "Loaded reporting verbs (share of reporting verbs)"),
)


def _rate(a: dict[str, Any], key: str) -> float | None:
    if not a.get("supported"):
        return None
    words = int(a.get("words") or 0)
    verbs = a.get("verbs") or []
    if key == "verbs":
        return round(100 * len(verbs) / words, 2) if words else 0.0
    if key == "loaded_verbs":
        share = a.get("loaded_verb_share")
        return None if share is None else float(share)
    return float((a.get("rates_per_100_words") or {}).get(key, 0.0))


def rate_charts(measures: list[dict[str, Any]]) -> list[Chart]:
    """One chart per measure, the outlets side by side (bars scaled to the largest value)."""
    charts = []
    for key, title in RATE_MEASURES:
        values = [(str(a["id"]), _rate(a, key)) for a in measures]
        scale = max((v for _, v in values if v is not None), default=0.0)
        rows: list[tuple[str, float, str, str]] = []
        for aid, v in values:
            if v is None:
                text = "not scored" if key != "loaded_verbs" else "no reporting verbs"
                rows.append((aid, 0.0, text, "bar rate"))
            else:
                text = _pct(v) if key == "loaded_verbs" else f"{v:.2f}"
                rows.append((aid, v, text, "bar rate"))
        caption = "outlet's own words, direct quotes excluded" if key != "loaded_verbs" else ""
        charts.append(Chart(f"rate-{key}", title, caption, _bars(rows, scale)))
    return charts
