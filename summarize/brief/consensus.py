"""The consensus narrative: the model writes prose over facts code already aligned; every
sentence's citations are then checked against the facts it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.align import ClaimCluster
from summarize.brief.model import CitedSentence, Rejected
from summarize.llm.session import ModelSession
from summarize.prompts import render
from summarize.schema import ConsensusOut, ConsensusSentenceOut
from summarize.verify import content_words, normalise, numbers_in, quoted_spans, support

# Narrative paraphrases more than a claim does, so the bar is below the claim bar (0.6).
SENTENCE_SUPPORT_THRESHOLD = 0.5
_FACT_ID = re.compile(r"\(?\bF\d+\b\)?")
MAX_FACTS_IN_PROMPT = 24
MAX_SENTENCES = 6


@dataclass(frozen=True)
class FactView:
    id: str
    support: int
    text: str


def fact_text(cluster: ClaimCluster) -> str:
    """The cluster's most informative well-supported claim: most content words among members
    whose evidence fully or nearly fully carries them."""
    best = max(
        cluster.members,
        key=lambda m: (m.claim.score >= 0.8, min(len(content_words(m.claim.text)), 25)),
    )
    return best.claim.text


def _evidence(cluster: ClaimCluster) -> str:
    """Everything the cited articles say about this fact: claims and evidence sentences."""
    parts = []
    for member in cluster.members:
        parts.append(member.claim.text)
        if member.claim.sentence is not None:
            parts.append(member.claim.sentence.text)
    return " ".join(parts)


def check_sentence(
    item: ConsensusSentenceOut, facts: dict[str, ClaimCluster]
) -> CitedSentence | Rejected:
    """A sentence is kept only if it cites known consensus facts and those facts carry it."""
    text = item.text.strip()
    cited = [f.strip().upper() for f in item.facts]
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
    missing_numbers = numbers_in(prose) - numbers_in(evidence) - {str(len(sources))}
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
    score = support(prose, f"{evidence} {len(sources)} outlets sources report agree")
    if score < SENTENCE_SUPPORT_THRESHOLD:
        return Rejected(
            "consensus",
            text,
            f"the cited facts do not carry it (support "
            f"{score:.2f}, needs {SENTENCE_SUPPORT_THRESHOLD})",
        )
    return CitedSentence(text, tuple(dict.fromkeys(cited)), tuple(sources), score)


def _article_order(article_id: str) -> tuple[int, str]:
    digits = article_id.lstrip("A")
    return (int(digits), article_id) if digits.isdigit() else (10**9, article_id)


def write_consensus(
    shared: list[ClaimCluster], session: ModelSession
) -> tuple[list[CitedSentence], list[Rejected], bool]:
    """(kept sentences, rejected sentences, fell back to listing the facts)."""
    if not shared:
        return [], [], False
    top = shared[:MAX_FACTS_IN_PROMPT]
    facts = {c.id: c for c in top}
    prompt = render(
        "consensus",
        facts=[FactView(c.id, c.support, fact_text(c)) for c in top],
        max_sentences=MAX_SENTENCES,
    )
    out = session.structured(prompt, ConsensusOut, max_tokens=700)
    kept: list[CitedSentence] = []
    rejected: list[Rejected] = []
    for item in out.sentences:
        result = check_sentence(item, facts)
        (kept if isinstance(result, CitedSentence) else rejected).append(result)  # type: ignore[arg-type]
    if kept:
        return kept, rejected, False
    return fact_listing(shared), rejected, True


def fact_listing(shared: list[ClaimCluster]) -> list[CitedSentence]:
    """The fallback when no narrative survives (or its call failed): the verified facts
    themselves, each with its own sources."""
    return [
        CitedSentence(fact_text(c), (c.id,), tuple(c.sources), 1.0)
        for c in shared[:MAX_FACTS_IN_PROMPT]
    ]
