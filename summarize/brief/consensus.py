"""The consensus: facts several outlets carry, ranked by distinct outlets then centrality; the
model fuses each fact's evidence sentences into one sentence of prose, checked against them.
A fact whose prose fails the check (or was never written) is stated by its most representative
evidence sentence, verbatim, with the fact's citations: verified by construction."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from summarize.align import ClaimCluster, ClaimRef
from summarize.articles import Article
from summarize.brief.briefing import CitedSentence, Headline, Rejected
from summarize.brief.centrality import Centrality, most_representative
from summarize.llm.session import ModelSession
from summarize.prompts import render
from summarize.schema import ConsensusOut, ConsensusSentenceOut
from summarize.settings import current
from summarize.text.numbers import numbers_in
from summarize.text.vectors import cosine
from summarize.text.words import content_words, normalise
from summarize.verify import quoted_spans, support

_FACT_ID = re.compile(r"\(?\bF\d+\b\)?")
_CITED_IDS = re.compile(r"\s*[(\[]\s*F\d+(?:\s*(?:,|and)\s*F\d+)*\s*[)\]]")  # "(F1, F2)"


@dataclass(frozen=True)
class FactView:
    id: str
    support: int
    evidence: list[str]


def _claim_text(member: ClaimRef) -> str | None:
    """A model claim's own wording (other units — sentences, clauses — are their sentence's)."""
    return member.claim.text if member.kind == "claim" else None


def _sentences(cluster: ClaimCluster) -> list[tuple[str, int, str]]:
    """(article id, sentence index, text) of each member sentence, once each, in order; a
    headline unit (index -1) only when the fact has no body sentence."""
    seen: dict[tuple[str, int], str] = {}
    for m in cluster.members:
        seen.setdefault((m.article_id, m.sentence.index), m.sentence.text)
    body = [(a, i, t) for (a, i), t in seen.items() if i >= 0]
    return body or [(a, i, t) for (a, i), t in seen.items()]


def representative(cluster: ClaimCluster, centrality: Centrality) -> tuple[str, int, str]:
    """The evidence sentence most like the fact's other evidence sentences."""
    sentences = _sentences(cluster)
    return sentences[most_representative([t for _, _, t in sentences], centrality)]


def fact_text(cluster: ClaimCluster, centrality: Centrality | None = None) -> str:
    """How a fact is named in lists: its most representative evidence sentence (a claim's own
    text where the backend writes claims and one carries the fact fully)."""
    claims = [m.claim.text for m in cluster.members if _claim_text(m) and m.claim.score >= 0.8]
    if claims:
        return max(claims, key=lambda c: min(len(content_words(c)), 25))
    sentences = _sentences(cluster)
    texts = [t for _, _, t in sentences]
    centre = centrality or Centrality(texts)
    return texts[most_representative(texts, centre)]


def rank(shared: Sequence[ClaimCluster], centrality: Centrality) -> list[ClaimCluster]:
    """Distinct outlets first, then how central the fact's best sentence is to the story."""

    def key(c: ClaimCluster) -> tuple[int, float]:
        return (-c.support, -max(centrality.score(t) for _, _, t in _sentences(c)))

    return sorted(shared, key=key)


def statement_groups(
    ranked: Sequence[ClaimCluster], centrality: Centrality
) -> list[list[ClaimCluster]]:
    """The ranked facts in groups that are one statement, each group led by its best-ranked
    fact, in rank order (consensus.same_statement_cosine)."""
    groups: list[list[ClaimCluster]] = []
    vectors: list[dict[str, float]] = []
    sentences: list[set[tuple[str, int]]] = []
    for c in ranked:
        evidence = _sentences(c)
        mine = {(a, i) for a, i, _ in evidence}
        v = centrality.summed(t for _, _, t in evidence)
        for k, group in enumerate(groups):
            if (
                mine & sentences[k]
                or cosine(v, vectors[k]) >= current().consensus.same_statement_cosine
            ):
                group.append(c)
                sentences[k] |= mine
                break
        else:
            groups.append([c])
            vectors.append(v)
            sentences.append(mine)
    return groups


def merged(group: Sequence[ClaimCluster]) -> ClaimCluster:
    """A group of facts as one fact: the lead's id, every member, every source."""
    if len(group) == 1:
        return group[0]
    sources = sorted({s for c in group for s in c.sources}, key=_article_order)
    return ClaimCluster(group[0].id, [m for c in group for m in c.members], sources)


def _evidence_views(cluster: ClaimCluster, centrality: Centrality) -> list[str]:
    """The representative sentence, then the next most central ones from other outlets."""
    first = representative(cluster, centrality)
    rest = sorted(
        (s for s in _sentences(cluster) if s[0] != first[0]),
        key=lambda s: -centrality.score(s[2]),
    )
    chosen = [first]
    for s in rest:
        if len(chosen) >= current().consensus.evidence_per_fact:
            break
        if all(s[0] != c[0] for c in chosen):
            chosen.append(s)
    return [t for _, _, t in chosen]


def _budgeted(top: list[ClaimCluster], centrality: Centrality, budget: int) -> list[FactView]:
    """Each fact's representative sentence in rank order while the budget lasts, then second
    sentences (another outlet's) in rank order: more facts fused before richer fusions."""
    options = [_evidence_views(c, centrality) for c in top]
    chosen: list[list[str]] = [[] for _ in top]
    used = 0
    for depth in range(current().consensus.evidence_per_fact):
        for k, texts in enumerate(options):
            if depth < len(texts) and len(chosen[k]) == depth:
                cost = len(texts[depth]) + 4
                if used + cost <= budget:
                    chosen[k].append(texts[depth])
                    used += cost
    return [FactView(c.id, c.support, ev) for c, ev in zip(top, chosen, strict=True) if ev]


def _evidence(cluster: ClaimCluster) -> str:
    """Everything the cited articles say about this fact: evidence sentences (and claims)."""
    parts = [t for _, _, t in _sentences(cluster)]
    parts += [t for m in cluster.members if (t := _claim_text(m))]
    return " ".join(parts)


def check_sentence(
    item: ConsensusSentenceOut,
    facts: dict[str, ClaimCluster],
    canonical: Mapping[str, str] | None = None,
) -> CitedSentence | Rejected:
    """A sentence is kept only if it cites known consensus facts and those facts carry it; it
    cites the outlets whose own evidence carries it (`canonical` maps a near-duplicate to the
    outlet it counts as), at least two."""
    # A trailing "(F1)" is a citation the tool writes itself: dropped. An id used as words
    # ("F1 and F2 mention…") is not prose about the story.
    text = _CITED_IDS.sub("", item.text).strip()
    cited = [f.strip().upper() for f in item.facts]
    if re.search(r"\bF\d+\b", text):
        return Rejected("consensus", text, "writes fact ids in the text")
    unknown = [f for f in cited if f not in facts]
    if not cited:
        return Rejected("consensus", text, "cites no fact")
    if unknown:
        return Rejected(
            "consensus", text, f"cites {', '.join(unknown)}, which is not a consensus fact"
        )
    evidence = " ".join(_evidence(facts[f]) for f in cited)
    sources = sorted({s for f in cited for s in facts[f].sources}, key=_article_order)
    # A fact id in the prose is not a number of the story; "three outlets report" is a checkable
    # statement about the sources, true only when it matches their count.
    prose = _FACT_ID.sub("", text)
    unsourced = numbers_in(prose) - numbers_in(evidence)  # at most the count of the sources
    missing_numbers = unsourced - {str(len(sources))}
    if missing_numbers:
        return Rejected(
            "consensus",
            text,
            "numbers not in the cited facts: " + ", ".join(sorted(missing_numbers)),
        )
    evidence_sentences = [m.sentence.text for f in cited for m in facts[f].members]
    for _, _, inner in quoted_spans(text):
        if not any(normalise(inner).lower() in normalise(s).lower() for s in evidence_sentences):
            return Rejected(
                "consensus", text, f"quotes “{inner}”, which is not verbatim in the cited evidence"
            )
    score = support(prose, f"{evidence} {_about(sources)}")
    if score < current().consensus.sentence_support_threshold:
        return Rejected(
            "consensus",
            text,
            f"the cited facts do not carry it (support "
            f"{score:.2f}, needs {current().consensus.sentence_support_threshold})",
        )
    each = source_support(prose, [facts[f] for f in cited], sources, canonical or {})
    carried = [s for s in sources if each[s] >= current().consensus.source_support_floor]
    if unsourced and len(carried) < len(sources):  # "five outlets report", four cited
        return Rejected(
            "consensus", text, f"counts {len(sources)} outlets, {len(carried)} carry it"
        )
    if len(carried) < 2:
        weak = ", ".join(f"{s} {each[s]:.2f}" for s in sources if s not in carried)
        return Rejected(
            "consensus",
            text,
            f"fewer than two cited outlets carry it in their own evidence (support {weak}, "
            f"needs {current().consensus.source_support_floor})",
        )
    return CitedSentence(text, tuple(dict.fromkeys(cited)), tuple(carried), score)


def _about(sources: Sequence[str]) -> str:
    """Words a sentence may use about its sources: "three outlets report"."""
    return f"{len(sources)} outlets sources report agree"


def source_support(
    prose: str,
    clusters: Sequence[ClaimCluster],
    sources: Sequence[str],
    canonical: Mapping[str, str],
) -> dict[str, float]:
    """Per source, the support of `prose` in that source's own evidence sentences (and claims)
    of these facts; a near-duplicate's members count as its canonical outlet's."""
    parts: dict[str, list[str]] = {s: [] for s in sources}
    for cluster in clusters:
        for m in cluster.members:
            source = canonical.get(m.article_id, m.article_id)
            if source in parts:
                parts[source] += [m.sentence.text, *filter(None, [_claim_text(m)])]
    # the count of sources may be in the prose; the words about them ("outlets report") count
    # against every source alike, not for one whose evidence shares nothing else
    count = str(len(sources))
    return {s: support(prose, f"{' '.join(texts)} {count}") for s, texts in parts.items()}


def _article_order(article_id: str) -> tuple[int, str]:
    digits = article_id.lstrip("A")
    return (int(digits), article_id) if digits.isdigit() else (10**9, article_id)


def centrality_of(articles: Sequence[Article]) -> Centrality:
    return Centrality.of_articles(articles)


def ranked_statements(
    shared: Sequence[ClaimCluster], centrality: Centrality
) -> list[list[ClaimCluster]]:
    """The consensus's statements: groups of ranked facts that say one thing, at most
    consensus.max_facts, each led by its best-ranked fact."""
    return statement_groups(rank(shared, centrality), centrality)[: current().consensus.max_facts]


def write_consensus(
    shared: list[ClaimCluster],
    articles: Sequence[Article],
    session: ModelSession,
    canonical: Mapping[str, str] | None = None,
) -> tuple[list[CitedSentence], list[Rejected], bool]:
    """(sentences, rejected model sentences, no model sentence survived)."""
    if not shared:
        return [], [], False
    centrality = centrality_of(articles)
    groups = ranked_statements(shared, centrality)
    top = [merged(g) for g in groups]
    budget = max(
        current().consensus.min_evidence_chars,
        int(current().consensus.evidence_share * sum(len(a.text) for a in articles)),
    )
    views = _budgeted(top, centrality, budget)
    facts = {v.id: c for v in views for c in top if c.id == v.id}
    prompt = render("consensus", facts=views)
    out = session.structured(prompt, ConsensusOut, max_tokens=current().consensus.output_tokens)
    kept: list[CitedSentence] = []
    rejected: list[Rejected] = []
    for item in out.sentences:
        result = check_sentence(item, facts, canonical)
        (kept if isinstance(result, CitedSentence) else rejected).append(result)  # type: ignore[arg-type]
    return assemble(groups, kept, centrality), rejected, not kept


def assemble(
    groups: list[list[ClaimCluster]], kept: list[CitedSentence], centrality: Centrality
) -> list[CitedSentence]:
    """One statement per group of facts, in rank order: the model's prose where a kept
    sentence states the group's lead (a sentence fusing two groups is shown once), else the
    lead fact's own evidence, verbatim. Each statement lists every fact of its groups."""
    out: list[CitedSentence] = []
    stated: set[str] = set()
    members = {g[0].id: [c.id for c in g] for g in groups}
    for group in groups:
        lead = group[0]
        if lead.id in stated:  # an earlier sentence fused it with another group
            continue
        # the first kept sentence naming this group and no group already stated
        prose = next((s for s in kept if lead.id in s.facts and not stated & set(s.facts)), None)
        chosen = prose or quoted_fact(lead, centrality)
        stated.update(chosen.facts)
        ids = tuple(dict.fromkeys(f for lead_id in chosen.facts for f in members.get(lead_id, [])))
        out.append(replace(chosen, facts=ids or chosen.facts))
    return out


def quoted_fact(cluster: ClaimCluster, centrality: Centrality) -> CitedSentence:
    article_id, index, text = representative(cluster, centrality)
    return CitedSentence(
        text, (cluster.id,), tuple(cluster.sources), 1.0, verbatim_from=(article_id, index)
    )


def fact_listing(shared: list[ClaimCluster], articles: Sequence[Article]) -> list[CitedSentence]:
    """The consensus when its call failed: each statement's lead fact by its representative
    sentence."""
    centrality = centrality_of(articles)
    return assemble(ranked_statements(shared, centrality), [], centrality)


def story_headline(
    articles: Sequence[Article], consensus: Sequence[CitedSentence], shared: list[ClaimCluster]
) -> Headline | None:
    """The story's headline: the article headline (else lead sentence) best carried by the
    consensus facts' evidence, kept only when it passes the consensus check's bar."""
    cited = {f for s in consensus for f in s.facts}
    evidence = " ".join(_evidence(c) for c in shared if c.id in cited)
    if not evidence:
        return None
    centrality = centrality_of(articles)
    candidates = [(a.title, a.id, "title") for a in articles if a.title]
    candidates += [(a.sentences[0].text, a.id, "lead") for a in articles if a.sentences]
    best: Headline | None = None
    for text, article_id, kind in candidates:
        score = support(text, evidence)
        if score < current().consensus.headline_support_threshold:
            continue
        candidate = Headline(text, article_id, kind, score)
        # titles before leads; then the best carried; then the most central
        if best is None or (kind == "title", score, centrality.score(text)) > (
            best.kind == "title",
            best.support,
            centrality.score(best.text),
        ):
            best = candidate
    return best
