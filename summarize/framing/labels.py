"""Word choice and labelling for the same referent (NewsWCL50's sense, Hamborg et al. 2019):
where two outlets report the same fact, the words one uses in a slot where the other uses
different ones ("reassurance force" / "foreign troops", "illegal aliens" / "undocumented
immigrants").

The referent is found by the alignment, not guessed: two sentences of different articles that
report one fact (a cluster's members, or an article's best near match for it) are compared token
by token (difflib), and a short replaced stretch between shared words is a pair of labels for the
same slot. Numbers, pure inflection and stop-word-only stretches are not labels.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from summarize.align import Alignment
from summarize.articles import Article, Sentence
from summarize.settings import current
from summarize.text.verbs import lookup
from summarize.text.words import STOPWORDS, Token, stem, tokenize


@dataclass(frozen=True)
class Label:
    article_id: str
    text: str  # as written
    start: int  # offsets into Article.text (the headline: into Article.title, sentence -1)
    end: int
    sentence_index: int


@dataclass(frozen=True)
class LabelPair:
    """Two outlets' words for one slot of one fact (`fact`: the alignment's cluster id)."""

    fact: str
    a: Label
    b: Label

    def to_dict(self) -> dict[str, object]:
        return {
            "fact": self.fact,
            "labels": [
                {
                    "article": x.article_id,
                    "text": x.text,
                    "start": x.start,
                    "end": x.end,
                    "sentence": x.sentence_index + 1,
                }
                for x in (self.a, self.b)
            ],
        }


def _content(tokens: Sequence[Token]) -> set[str]:
    return {stem(t.lower) for t in tokens if t.lower not in STOPWORDS and not t.text.isdigit()}


# participles a crude suffix test misses: "seen as" / "regarded as" is a predicate, not a label
_PARTICIPLES = frozenset("seen known taken given made held shown said told done put".split())


_DATES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "january february march april may june july august september october november december".split()
)


def _verbish(t: Token) -> bool:
    w = t.lower
    return w in _PARTICIPLES or w.endswith(("ed", "ing")) or lookup(w) is not None


def _trim(tokens: Sequence[Token]) -> list[Token]:
    """Stop words at either edge belong to the frame, not to the label ("presence in")."""
    out = list(tokens)
    while out and out[0].lower in STOPWORDS:
        out.pop(0)
    while out and out[-1].lower in STOPWORDS:
        out.pop()
    return out


def _is_label(tokens: Sequence[Token]) -> bool:
    content = [t for t in tokens if t.lower not in STOPWORDS]
    return (
        0 < len(tokens) <= current().framing.max_label_words
        and bool(content)
        and not all(_verbish(t) for t in content)  # a verb is wording, not a referent's label
        and not any(any(ch.isdigit() for ch in t.text) for t in tokens)
        and not any(t.lower in _DATES for t in tokens)  # a date, not a referent
    )


def _label(article_id: str, s: Sentence, tokens: Sequence[Token]) -> Label:
    return Label(
        article_id, " ".join(t.text for t in tokens), tokens[0].start, tokens[-1].end, s.index
    )


_Tokens = tuple[list[Token], list[str]]


def _tokens(s: Sentence) -> _Tokens:
    tokens = tokenize(s.text, s.start)
    return tokens, [t.lower for t in tokens]


def sentence_pairs(
    a_id: str,
    sa: Sentence,
    b_id: str,
    sb: Sentence,
    fact: str,
    tokens: tuple[_Tokens, _Tokens] | None = None,
) -> list[LabelPair]:
    """The replaced short stretches between two parallel sentences, anchored on both sides by a
    shared content word (or the sentence edge on one side). `tokens`: both sentences' tokens
    and lower-cased words, when the caller has them already."""
    (ta, la), (tb, lb) = tokens or (_tokens(sa), _tokens(sb))
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    # the cheap upper bounds first: most pairs of a large set are not parallel at all
    floor = current().framing.min_pair_ratio
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return []
    if matcher.ratio() < floor:
        return []
    ops = matcher.get_opcodes()
    out = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "replace":
            continue
        before = ops[k - 1] if k > 0 else None
        after = ops[k + 1] if k + 1 < len(ops) else None
        anchored = [
            o is not None and o[0] == "equal" and bool(_content(ta[o[1] : o[2]]))
            for o in (before, after)
        ]
        if not any(anchored):
            continue
        xa, xb = _trim(ta[i1:i2]), _trim(tb[j1:j2])
        if not (_is_label(xa) and _is_label(xb)) or _content(xa) == _content(xb):
            continue
        if all(t.cap for t in xa + xb):
            continue  # two names in one slot are two referents (Putin / Peskov), not labels
        out.append(LabelPair(fact, _label(a_id, sa, xa), _label(b_id, sb, xb)))
    return out


def label_pairs(articles: Sequence[Article], alignment: Alignment) -> list[LabelPair]:
    """Label pairs over every fact two or more articles carry or touch, each pair once (in a
    set of more than framing.label_pair_window + 1 articles, bounded as said in settings.py)."""
    canonical = alignment.canonical
    ids = {a.id for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    large = len(articles) > current().framing.label_pair_window + 1
    out: list[LabelPair] = []
    seen: set[tuple[str, int, int, str, int, int]] = set()
    tokens: dict[tuple[str, int, int], _Tokens] = {}  # each sentence tokenized once, not per pair

    def tokens_of(aid: str, s: Sentence) -> _Tokens:
        key = (aid, s.index, s.start)
        if key not in tokens:
            tokens[key] = _tokens(s)
        return tokens[key]

    for c in alignment.clusters:
        # one sentence per article: its first member, else its best near match
        chosen: dict[str, Sentence] = {}
        for m in c.members:
            if m.sentence.index >= 0 and m.article_id in ids:
                chosen.setdefault(m.article_id, m.sentence)
        if not chosen:
            continue
        members = set(chosen)
        if alignment.nearness is not None:
            near = alignment.nearness.near(c)
            if large:  # the closest few only, by score then article order
                near = dict(
                    sorted(
                        ((aid, hit) for aid, hit in near.items() if aid not in chosen),
                        key=lambda x: (-x[1][0], order.get(x[0], 0)),
                    )[: current().framing.label_large_near]
                )
            for aid, (_, s) in near.items():
                if aid in ids and s.index >= 0:
                    chosen.setdefault(aid, s)
        # article order, not the near matches' dict order: a pair's orientation (and so which
        # fact names it first) must not depend on hash seeds
        keys = sorted(k for k in chosen if canonical.get(k, k) == k)
        own = [k for k in keys if k in members]
        nearby = [k for k in keys if k not in members]
        for i, a_id in enumerate(keys):
            partners = keys[i + 1 :]
            # large: the next framing.label_large_window members; near matches meet members only
            if large:
                at = bisect_right(own, a_id)
                later = own[at : at + current().framing.label_large_window]
                if a_id in members:
                    later += nearby[bisect_right(nearby, a_id) :]
                partners = sorted(later)
            for b_id in partners:
                sa, sb = chosen[a_id], chosen[b_id]
                both = (tokens_of(a_id, sa), tokens_of(b_id, sb))
                for p in sentence_pairs(a_id, sa, b_id, sb, c.id, both):
                    # one pair of spans once, whichever fact reaches it first
                    key = (p.a.article_id, p.a.start, p.a.end, p.b.article_id, p.b.start, p.b.end)
                    if key not in seen:
                        seen.add(key)
                        out.append(p)
    return out
