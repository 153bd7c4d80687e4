"""Markdown briefing. Article text, metadata and model answers are data: every piece passes
through `inline`, `cell` or `code` (summarize.render.markdown_escape)."""

from __future__ import annotations

from summarize.brief.briefing import Briefing
from summarize.render.framing_md import comparison_markdown
from summarize.render.markdown_escape import cell, code, inline


def _cite(ids: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(ids) + "]"


def render_briefing(b: Briefing) -> str:
    out: list[str] = []
    n = len(b.articles)
    out += [
        f"# Briefing: {inline(_title(b))}",
        "",
        f"{n} article(s) · {b.provenance.get('calls', 0)} model call(s) · "
        f"{b.provenance.get('wall_seconds', 0)} s",
        "",
    ]
    if b.partial:
        out += [
            f"_Partial briefing: {len(b.failures)} part(s) could not be produced by the model "
            "and are marked below; the rest is complete._",
            "",
        ]
    out += _what_happened(b) + _sources(b)
    if n < 2:
        out += [
            "## Consensus",
            "",
            "_A consensus needs two or more articles; this briefing has "
            "one, so it shows the per-article digest only._",
            "",
        ]
    else:
        out += _consensus(b) + _matrix(b) + _disagreements(b) + _single_and_omissions(b)
    out += _framing(b) + _unverified(b) + _provenance(b)
    return "\n".join(out)


def _title(b: Briefing) -> str:
    """The story's checked headline; without one, the only article's headline, else a count
    (never one outlet's headline presented as the story's)."""
    if b.headline is not None:
        return b.headline.text
    if len(b.articles) == 1:
        return b.articles[0].title or b.articles[0].label
    return f"{len(b.articles)} articles"


def _sources(b: Briefing) -> list[str]:
    out = ["## Sources", ""]
    for d in b.digests:
        a = d.article
        meta = " · ".join(
            inline(x) for x in (a.outlet, a.published, a.lean and f"lean {a.lean}") if x
        )
        original = b.duplicate_of(a.id)
        note = f" (near-duplicate of {original}, counted once)" if original else ""
        out += [f"### {a.id} · {inline(a.title or a.label)}{note}", ""]
        out += [f"_{meta}_ · {code(a.source)}" if meta else code(a.source), ""]
        out += [inline(d.summary), ""]
        for warning in d.summary_warnings:
            out += [f"> ⚠ summary check: {inline(warning)}", ""]
    for f in b.failed_articles:
        out += [f"- not briefed: {f.article_id} {code(f.source or '')} — {inline(f.reason)}"]
    for problem in b.problems:
        out += [f"- skipped input: {inline(problem)}"]
    for group in b.duplicates:
        out += [
            f"- near-duplicates: {' = '.join(group['ids'])} "
            f"({group['similarity']:.0%} overlap), {group['canonical']} kept"
        ]
    if b.problems or b.duplicates or b.failed_articles:
        out.append("")
    return out


def _consensus(b: Briefing) -> list[str]:
    out = [
        "## Consensus",
        "",
        f"_A fact counts as consensus when at least {b.min_support} "
        f"articles carry it; near-duplicates count once._",
        "",
    ]
    failed = [f for f in b.failures if f.stage == "consensus"]
    if failed:
        out += [
            f"_The consensus call failed ({inline(failed[0].reason)}); each agreed fact is "
            "stated by its most representative evidence sentence, verbatim._",
            "",
        ]
    elif b.consensus_fallback:
        out += [
            "_The model's prose failed the citation check; each agreed fact is stated by its "
            "most representative evidence sentence, verbatim._",
            "",
        ]
    if not b.consensus:
        out += ["_No fact is carried by enough articles._", ""]
    for s in b.consensus:
        if s.verbatim_from is None:
            out.append(f"- {inline(s.text)} {_cite(s.sources)}")
        else:  # the fact's evidence sentence itself: say whose words they are
            aid, index = s.verbatim_from
            out.append(f"- “{inline(s.text)}” ({aid} {_where(index)}) {_cite(s.sources)}")
    if b.headline is not None:
        h = b.headline
        out += ["", f"_Headline: {h.article_id}'s {h.kind}, carried by the agreed facts._"]
    out.append("")
    if b.shared_facts():
        out += ["<details><summary>Agreed facts and their evidence</summary>", ""]
        for c in b.shared_facts():
            out.append(f"- **{c.id}** {inline(b.fact_text(c))} {_cite(c.sources)}")
            shown = set()
            for m in c.members:
                if (m.article_id, m.sentence.index) in shown:
                    continue  # two claims from one sentence: show the evidence once
                shown.add((m.article_id, m.sentence.index))
                out.append(
                    f"  - {m.article_id} {_where(m.sentence.index)}: “{inline(m.sentence.text)}”"
                )
        out += ["", "</details>", ""]
    return out


def _what_happened(b: Briefing) -> list[str]:
    if not b.what_happened:
        return []
    out = ["## What happened", ""]
    for s in b.what_happened:
        assert s.verbatim_from is not None  # the articles' own sentences (brief/what_happened.py)
        aid, index = s.verbatim_from
        out.append(f"- “{inline(s.text)}” ({aid} {_where(index)}) {_cite(s.sources)}")
    return [*out, ""]


_CELL = {"carries": "", "unclear": "unclear", "not_reported": "—"}


def _matrix(b: Briefing) -> list[str]:
    """The rows a reader sees first (the JSON has every row): a cell names the sentence that
    carries the fact, says "unclear" where one comes close, "—" where nothing does."""
    shown = [r for r in b.matrix if r.shown]
    if not shown:
        return []
    ids = b.article_ids
    out = [
        "## Who reports what",
        "",
        f"_{len(shown)} of {len(b.matrix)} distinct facts, most widely carried first; "
        "S4: the article carries it in that sentence; unclear: a sentence comes close without "
        "carrying it; —: nothing in the article comes close (every sentence compared)._",
        "",
        "| fact | " + " | ".join(ids) + " |",
        "|---|" + "---|" * len(ids),
    ]
    for r in shown:
        cells = [
            _where(d.sentence.index)
            if d.status == "carries" and d.sentence is not None and d.how != "copy"
            else ("copy" if d.how == "copy" else _CELL[d.status])
            for _, d in r.cells
        ]
        out.append(f"| **{r.fact_id}** {cell(r.text)} | " + " | ".join(cells) + " |")
    return [*out, ""]


def _disagreements(b: Briefing) -> list[str]:
    out = ["## Disagreements", ""]
    conflicts = b.alignment.conflicts if b.alignment else []
    if not conflicts:
        out += ["_No conflicting numbers, dates, titles or quote wordings were found._", ""]
    for c in conflicts:
        out += [
            f"### {c.id} · {c.kind}: {inline(c.subject)}",
            "",
            "| version | sources | evidence |",
            "|---|---|---|",
        ]
        for v in c.versions:
            evidence = "<br>".join(
                f"{aid} S{s.index + 1}: “{cell(s.text)}”"
                for aid, s in zip(v.article_ids, v.evidence, strict=False)
            )
            out.append(f"| {cell(v.value)} | {_cite(v.article_ids)} | {evidence} |")
        out.append("")
    return out


def _where(index: int) -> str:
    return "headline" if index < 0 else f"S{index + 1}"


def _single_and_omissions(b: Briefing) -> list[str]:
    """Absence is asserted only where the alignment found nothing close in the other article
    (presence "absent"); a fact an article only touches on is said as such, with the sentence."""
    out = ["## Single-source claims and omissions", ""]
    singles = b.single_source()
    labels = {a.id: a.label for a in b.articles}
    for aid in b.article_ids:
        own = [c for c in singles if c.members[0].article_id == aid]
        if own:
            out += [f"**Only in {aid}** ({inline(labels[aid])}):", ""]
            for c in own:
                s = c.members[0].sentence
                out.append(f"- {_where(s.index)}: “{inline(s.text)}”")
            out.append("")
    named = b.named_only_in()
    if named:
        out += [
            "**Named in one article only** (no other article mentions these names or numbers in "
            "any close form; another may still report the fact in other words):",
            "",
        ]
        for aid, found in named.items():
            for d in found:
                terms = ", ".join(f"**{inline(t)}**" for t in d.terms)
                out.append(
                    f"- {aid} alone mentions {terms}: {_where(d.sentence.index)} "
                    f"“{inline(d.sentence.text)}”"
                )
        out.append("")
    wide = b.omission_support
    omitted = False
    for aid, missing in b.omissions().items():
        if missing:
            omitted = True
            facts = "; ".join(
                f"{c.id} {inline(b.fact_text(c))} {_cite(c.sources)}" for c in missing
            )
            out.append(f"- **{aid} leaves out** (carried by ≥ {wide} articles): {facts}")
    if not omitted:
        out.append(f"_No article leaves out a fact carried by {wide} or more articles._")
    out.append("")
    touched = [(aid, c, p) for aid, items in b.touched().items() for c, p in items]
    if touched:
        out += [
            f"**Touched on, not carried** (facts carried by ≥ {wide} articles; a generous "
            "search found a close sentence in these, so they are not omissions):",
            "",
        ]
        for aid, c, p in touched:
            where = _where(p.sentence.index) if p.sentence is not None else "?"
            quote = f" “{inline(p.sentence.text)}”" if p.sentence is not None else ""
            out.append(
                f"- {aid} touches on {c.id} ({inline(b.fact_text(c))} {_cite(c.sources)}): "
                f"{where}{quote}"
            )
        out.append("")
    return out


def _framing(b: Briefing) -> list[str]:
    out = ["## Framing", ""]
    if b.framing_narrative:
        out += [
            "_The model's comparison, checked against the measures below and the articles:_",
            "",
        ]
        out += [f"- **{f.article_id}**: {inline(f.text)}" for f in b.framing_narrative]
        out.append("")
    for f in b.failures:
        if f.stage == "framing":
            out += [
                f"_The framing comparison call failed ({inline(f.reason)}); the measured table "
                "below needs no model._",
                "",
            ]
    measured = (
        "" if b.framing is None else comparison_markdown(b.framing, "### Measured (no model)")
    )
    out += [measured, ""]
    return out


def _unverified(b: Briefing) -> list[str]:
    if not b.rejected:
        return []
    out = [
        "## Unverified (not used above)",
        "",
        "_Model output that failed a check against the articles; kept here so nothing is "
        "silently dropped._",
        "",
    ]
    for r in b.rejected:
        where = f" ({r.article_id})" if r.article_id else ""
        out.append(f"- {r.section}{where}: “{inline(r.text)}” — {inline(r.reason)}")
    out.append("")
    return out


def _provenance(b: Briefing) -> list[str]:
    p = b.provenance
    v = b.verification()
    backend = p.get("backend", {})
    out = [
        "## Provenance",
        "",
        f"- backend: {inline(backend.get('name'))} ({inline(backend.get('kind'))}), "
        f"model {inline(backend.get('model'))}",
        *([f"- speakers: {inline(p['speakers'])}"] if p.get("speakers") else []),
        *(
            f"- template {inline(k)}: {inline(t)}"
            for k, t in sorted(p.get("templates", {}).items())
        ),
        f"- model calls: {p.get('calls')}, cache hits: {p.get('cache_hits')}, "
        f"re-asks: {p.get('reasks')}, cut at max_tokens: {p.get('truncated')}",
        f"- tokens: prompt {p.get('prompt_tokens')} (evaluated "
        f"{p.get('evaluated_prompt_tokens')}), completion {p.get('completion_tokens')}",
        f"- wall time: {p.get('wall_seconds')} s",
        "- verification: " + ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in v.items()),
        "",
    ]
    return out
