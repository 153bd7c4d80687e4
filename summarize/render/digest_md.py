"""Markdown view of one article's digest. Only verified material is shown as verified."""

from __future__ import annotations

from summarize.digest import Digest
from summarize.llm.session import Usage


def _md(text: str) -> str:
    """Article text is data: keep it from turning into Markdown structure."""
    return text.replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def render_digest(digest: Digest, usage: Usage | None = None, backend: str = "") -> str:
    a = digest.article
    lines = [f"# {a.id} · {_md(a.title or a.label)}", ""]
    meta = [f"source `{a.source}`"] + [
        f"{k} {v}" for k, v in (("outlet", a.outlet), ("date", a.published)) if v
    ]
    lines += [" · ".join(meta), "", "## Summary", "", _md(digest.summary), ""]
    for warning in digest.summary_warnings:
        lines += [f"> ⚠ summary check: {warning}", ""]
    lines += ["## Claims", ""]
    verified = digest.verified_claims
    for claim in verified:
        s = claim.sentence
        assert s is not None
        note = " (evidence re-located by the checker)" if claim.status == "relocated" else ""
        lines += [f"- {_md(claim.text)}{note}", f"  - evidence S{s.index + 1}: “{_md(s.text)}”"]
    if not verified:
        lines.append("_No claim could be verified against the text._")
    lines += ["", "## Direct quotes", ""]
    for q in digest.quotes:
        speaker = q.speaker or "unattributed"
        lines.append(f"- “{_md(q.text)}” — {_md(speaker)} (S{q.sentence_index + 1})")
    if not digest.quotes:
        lines.append("_No direct quotes in the text._")
    lines += ["", "## Actors", "", ", ".join(_md(x) for x in digest.actors) or "_none_", ""]
    if digest.unverified_claims or digest.dropped_actors:
        lines += ["## Not verified (not shown above)", ""]
        lines += [f"- claim “{_md(c.text)}”: {c.reason}" for c in digest.unverified_claims]
        lines += [f"- actor “{_md(n)}”: not named in the article" for n in digest.dropped_actors]
        lines.append("")
    if usage is not None:
        lines += ["## Provenance", "", f"- backend: {backend}"]
        lines += [f"- template {k}: {v}" for k, v in sorted(usage.templates.items())]
        lines += [
            f"- model calls: {usage.calls}, cache hits: {usage.cache_hits}, "
            f"re-asks: {usage.reasks}",
            f"- tokens: prompt {usage.prompt_tokens} (evaluated "
            f"{usage.evaluated_prompt_tokens}), completion {usage.completion_tokens}",
            "",
        ]
    return "\n".join(lines)
