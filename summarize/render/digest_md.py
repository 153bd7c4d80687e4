"""Markdown view of one article's digest. Only verified material is shown as verified."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from summarize.digest import Digest
from summarize.render.markdown_escape import code, inline


class CallCounts(Protocol):
    """What the provenance lists of the model calls: `llm.session.Usage` has it (render sits
    above the model layer and only reads these numbers)."""

    @property
    def templates(self) -> Mapping[str, str]: ...
    @property
    def calls(self) -> int: ...
    @property
    def cache_hits(self) -> int: ...
    @property
    def reasks(self) -> int: ...
    @property
    def prompt_tokens(self) -> int: ...
    @property
    def evaluated_prompt_tokens(self) -> int: ...
    @property
    def completion_tokens(self) -> int: ...


def render_digest(digest: Digest, usage: CallCounts | None = None, backend: str = "") -> str:
    a = digest.article
    lines = [f"# {a.id} · {inline(a.title or a.label)}", ""]
    meta = [f"source {code(a.source)}"] + [
        f"{k} {inline(v)}" for k, v in (("outlet", a.outlet), ("date", a.published)) if v
    ]
    lines += [" · ".join(meta), "", "## Summary", "", inline(digest.summary), ""]
    for warning in digest.summary_warnings:
        lines += [f"> ⚠ summary check: {inline(warning)}", ""]
    lines += ["## Claims", ""]
    verified = digest.verified_claims
    for claim in verified:
        s = claim.sentence
        assert s is not None
        note = " (evidence re-located by the checker)" if claim.status == "relocated" else ""
        lines += [
            f"- {inline(claim.text)}{note}",
            f"  - evidence S{s.index + 1}: “{inline(s.text)}”",
        ]
    if not verified:
        lines.append("_No claim could be verified against the text._")
    lines += ["", "## Direct quotes", ""]
    for q in digest.quotes:
        speaker = q.speaker or "unattributed"
        lines.append(f"- “{inline(q.text)}” — {inline(speaker)} (S{q.sentence_index + 1})")
    if not digest.quotes:
        lines.append("_No direct quotes in the text._")
    lines += ["", "## Actors", "", ", ".join(inline(x) for x in digest.actors) or "_none_", ""]
    if digest.unverified_claims or digest.dropped_actors:
        lines += ["## Not verified (not shown above)", ""]
        lines += [
            f"- claim “{inline(c.text)}”: {inline(c.reason)}" for c in digest.unverified_claims
        ]
        lines += [f"- actor “{inline(n)}”: not named in the article" for n in digest.dropped_actors]
        lines.append("")
    if usage is not None:
        lines += ["## Provenance", "", f"- backend: {inline(backend)}"]
        lines += [
            f"- template {inline(k)}: {inline(v)}" for k, v in sorted(usage.templates.items())
        ]
        lines += [
            f"- model calls: {usage.calls}, cache hits: {usage.cache_hits}, "
            f"re-asks: {usage.reasks}",
            f"- tokens: prompt {usage.prompt_tokens} (evaluated "
            f"{usage.evaluated_prompt_tokens}), completion {usage.completion_tokens}",
            "",
        ]
    return "\n".join(lines)
