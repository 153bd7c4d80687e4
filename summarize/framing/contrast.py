"""What each outlet does differently from the other outlets of the same story, computed.

Per outlet, against the others: the fact it leads with, facts it alone carries and widely
carried facts it leaves out (the alignment's "absent" only: a fact it touches is not left out),
voices only it quotes and its share of quoted words by side and by speaker, the words it uses
for a referent where others use different ones (`labels`), the reporting verb it uses for a
speaker the others say "said" of, where it puts the main fact, and wording that is distinctive
against the others (`distinctive`) and flagged by a lexicon.

Every item carries a sentence written by code from the measure (true by construction), the words
a statement about it must use (`keys`), and its evidence as offsets into the article's text.
Nothing is an item when it holds for every outlet.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

from summarize.align import Alignment, ClaimCluster
from summarize.articles import Article, Sentence
from summarize.framing.analyze import ArticleFraming
from summarize.framing.distinctive import log_odds, own_terms, phrase_z, term
from summarize.framing.labels import LabelPair, label_pairs
from summarize.settings import current
from summarize.text.words import tokenize


@dataclass(frozen=True)
class Evidence:
    article_id: str
    text: str
    start: int  # offsets into Article.text; the headline: into Article.title (sentence 0)
    end: int
    sentence: int  # 1-based; 0 = the headline

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Contrast:
    id: str  # "A2.3": outlet, then rank
    article_id: str
    kind: str  # lead, alone, leaves_out, only_voice, share, verb, label, position, wording
    sentence: str  # what it shows, written by code from the measure
    strength: float
    keys: tuple[str, ...]  # words a statement resting on this item must use (any one)
    evidence: tuple[Evidence, ...]
    facts: tuple[str, ...] = ()  # alignment cluster ids involved

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "sentence": self.sentence,
            "strength": round(self.strength, 3),
            "keys": list(self.keys),
            "facts": list(self.facts),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class OutletContrasts:
    article_id: str
    items: list[Contrast] = field(default_factory=list)

    def strongest(self, n: int | None = None) -> list[Contrast]:
        return self.items[: current().framing.shown if n is None else n]

    def to_dict(self) -> dict[str, object]:
        return {"article_id": self.article_id, "items": [c.to_dict() for c in self.items]}


@dataclass(frozen=True)
class _Draft:
    kind: str
    sentence: str
    strength: float
    keys: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    facts: tuple[str, ...] = ()


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    excerpt = current().framing.excerpt
    return text if len(text) <= excerpt else text[: excerpt - 1].rsplit(" ", 1)[0] + "…"


def _evidence(article: Article, s: Sentence) -> Evidence:
    if s.index < 0:
        return Evidence(article.id, s.text, s.start, s.end, 0)
    return Evidence(article.id, s.text, s.start, s.end, s.index + 1)


def _where(s: Sentence) -> str:
    return "its headline" if s.index < 0 else f"sentence {s.index + 1}"


def _fact_keys(c: ClaimCluster, article_id: str | None = None) -> tuple[str, ...]:
    """Content words of the fact's wording (its member in `article_id` when there is one)."""
    m = next((m for m in c.members if m.article_id == article_id), c.members[0])
    words = [t.text for t in tokenize(m.sentence.text) if len(t.text) > 3]
    return tuple(dict.fromkeys(w.lower() for w in words))


def _surname(speaker: str) -> str | None:
    """Speakers are keyed by surname ("Dmitry Peskov" = "Peskov"), spelling variants folded
    ("Zelensky", "Zelenskyy", "Zelenskiy"); a phrase ("a senior official") is no one's name."""
    words = speaker.replace("’s", "").replace("'s", "").split()
    if not words or not words[-1][:1].isupper():
        return None
    key = words[-1].lower()
    return key[:-2] if key.endswith(("yy", "iy")) else key[:-1] if key.endswith("y") else key


def _common_words(articles: Sequence[Article]) -> tuple[set[str], set[str]]:
    """Words written in lower case somewhere in the story, and capitalised words met inside a
    sentence: "Analysts" or "Reports" opening a sentence is a common noun, not a name."""
    lower: set[str] = set()
    names: set[str] = set()
    for a in articles:
        starts = {s.start for s in a.sentences}
        for t in tokenize(a.text):
            if t.text.islower():
                lower.add(t.text)
            elif (
                t.cap
                and t.start not in starts
                and a.text[t.start - 2 : t.start]
                not in (
                    '" ',
                    "“",
                )
            ):
                names.add(t.text.lower())
    return lower, names


def _first_sentence(c: ClaimCluster, article_id: str, canonical: dict[str, str]) -> Sentence | None:
    own = [m.sentence for m in c.members if canonical.get(m.article_id, m.article_id) == article_id]
    return min(own, key=lambda s: s.index) if own else None


def _rank(s: Sentence) -> int:
    return max(s.index, 0)  # the headline ranks with the first sentence


class _Context:
    def __init__(
        self,
        articles: Sequence[Article],
        framings: Sequence[ArticleFraming],
        alignment: Alignment | None,
    ) -> None:
        canon = alignment.canonical if alignment else {}
        self.articles = [a for a in articles if canon.get(a.id, a.id) == a.id]
        self.by_id = {a.id: a for a in self.articles}
        self.framing = {f.id: f for f in framings if f.id in self.by_id}
        self.alignment = alignment
        self.canonical = canon
        self.ids = [a.id for a in self.articles]
        self.common, self.names = _common_words(self.articles)

    def speaker_key(self, speaker: str | None) -> str | None:
        key = _surname(speaker) if speaker else None
        if key is None or speaker is None:
            return None
        words = speaker.replace("’s", "").replace("'s", "").split()
        last = words[-1].lower()
        if last in self.common or (len(words) == 1 and last not in self.names):
            return None
        return key

    def label(self, aid: str) -> str:
        return aid


def _lead_and_position(ctx: _Context) -> dict[str, list[_Draft]]:
    out: dict[str, list[_Draft]] = defaultdict(list)
    al = ctx.alignment
    if al is None or len(ctx.ids) < 2:
        return out
    shared = al.shared(2)
    lead: dict[str, list[ClaimCluster]] = {aid: [] for aid in ctx.ids}
    first: dict[tuple[str, str], Sentence] = {}
    # Built from each fact's members, not by asking every article about every fact, and the
    # per-article comparisons below from totals: all-pairs was quadratic in the articles.
    ids = set(ctx.ids)
    leaders: dict[str, set[str]] = defaultdict(set)
    carriers: Counter[str] = Counter()
    for c in shared:
        own: dict[str, Sentence] = {}
        for m in c.members:
            aid = ctx.canonical.get(m.article_id, m.article_id)
            if aid in ids and (aid not in own or m.sentence.index < own[aid].index):
                own[aid] = m.sentence
        for aid, s in own.items():
            first[(c.id, aid)] = s
            carriers[c.id] += 1
            if s.index < current().framing.lead_sentences:
                lead[aid].append(c)
                leaders[c.id].add(aid)
    top_leads = _LeadCounts([(b, lead[b][0].id) for b in ctx.ids if lead[b]])
    for aid in ctx.ids:
        article = ctx.by_id[aid]
        n_others = len(ctx.ids) - 1
        for c in lead[aid]:
            if leaders[c.id] - {aid}:
                continue
            s = first[(c.id, aid)]
            later = carriers[c.id] - 1
            best = top_leads.most_common_without(aid)
            their = f"; the others lead with {best}" if best else ""
            carried = (
                f"{later} of the other {n_others} carry it only further down"
                if later
                else "no other outlet carries it"
            )
            out[aid].append(
                _Draft(
                    "lead",
                    f"{aid} leads with {c.id} in {_where(s)}: “{_excerpt(s.text)}”; "
                    f"{carried}{their}.",
                    2.0 + 0.2 * later,
                    _fact_keys(c, aid),
                    (_evidence(article, s),),
                    (c.id,),
                )
            )
            break
    # the main fact: the most widely carried, earliest on average
    main = min(
        shared,
        key=lambda c: (
            -c.support,
            sum(_rank(first[(c.id, a)]) for a in c.sources if (c.id, a) in first) / c.support,
        ),
        default=None,
    )
    if main is None:
        return out
    pos = {aid: _rank(first[(main.id, aid)]) for aid in ctx.ids if (main.id, aid) in first}
    ranks = sorted(pos.values())
    for aid in ctx.ids:
        if len(ranks) - (aid in pos) == 0:
            continue
        mid = _median_without(ranks, pos.get(aid))
        article = ctx.by_id[aid]
        if aid in pos and pos[aid] - mid >= current().framing.late_by:
            s = first[(main.id, aid)]
            out[aid].append(
                _Draft(
                    "position",
                    f"{aid} reports the main fact ({main.id}, carried by {main.support}) only in "
                    f"{_where(s)}; the others by sentence {int(mid) + 1} (median).",
                    1.5 + 0.1 * (pos[aid] - mid),
                    _fact_keys(main, aid),
                    (_evidence(article, s),),
                    (main.id,),
                )
            )
        elif aid not in pos and al.presence(main, aid).status == "absent":
            ref = main.members[0]
            out[aid].append(
                _Draft(
                    "position",
                    f"{aid} does not report the main fact ({main.id}, carried by "
                    f"{main.support}): “{_excerpt(ref.sentence.text)}”.",
                    2.5,
                    _fact_keys(main),
                    (_evidence(ctx.by_id[ref.article_id], ref.sentence),),
                    (main.id,),
                )
            )
    return out


class _LeadCounts:
    """How many articles lead with each fact, to name the others' most common lead without
    recounting them per article. Ties go to the fact met first (as `Counter.most_common`)."""

    def __init__(self, leads: list[tuple[str, str]]) -> None:  # (article, its lead fact)
        self.count: Counter[str] = Counter(cid for _, cid in leads)
        self.where: dict[str, list[int]] = defaultdict(list)  # first two places of each fact
        self.mine: dict[str, tuple[str, int]] = {}
        for i, (aid, cid) in enumerate(leads):
            self.mine[aid] = (cid, i)
            if len(self.where[cid]) < 2:
                self.where[cid].append(i)
        self.top = sorted(self.count, key=lambda k: (-self.count[k], self.where[k][0]))[:2]

    def most_common_without(self, aid: str) -> str | None:
        """The most common lead of the articles other than `aid`."""
        if aid not in self.mine:
            return min(self.top, key=lambda k: (-self.count[k], self.where[k][0]), default=None)
        mine, at = self.mine[aid]
        options = [(-self.count[k], self.where[k][0], k) for k in self.top if k != mine]
        left = self.count[mine] - 1
        if left > 0:
            first = self.where[mine][1] if self.where[mine][0] == at else self.where[mine][0]
            options.append((-left, first, mine))
        return min(options)[2] if options else None


def _median_without(ranks: list[int], mine: int | None) -> float:
    """`median(ranks)` with one occurrence of `mine` left out (`ranks` sorted; `mine` None:
    nothing left out), without copying the list per article."""
    skip = len(ranks) if mine is None else bisect_left(ranks, mine)
    n = len(ranks) - (mine is not None)

    def at(k: int) -> int:
        return ranks[k] if k < skip else ranks[k + 1]

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2


def _alone_and_left_out(ctx: _Context) -> dict[str, list[_Draft]]:
    out: dict[str, list[_Draft]] = defaultdict(list)
    al = ctx.alignment
    n = len(ctx.ids)
    if al is None or n < 2:
        return out
    alone: dict[str, list[ClaimCluster]] = defaultdict(list)
    for c in al.single_source():
        if c.sources and c.sources[0] in ctx.by_id:
            alone[c.sources[0]].append(c)
    for aid, cs in alone.items():
        article = ctx.by_id[aid]
        # body sentences first, earliest first: what the reader meets
        cs.sort(key=lambda c: _rank(c.members[0].sentence))
        cs = [
            c
            for c in cs
            if len(c.members[0].sentence.text.split()) >= current().framing.min_alone_words
        ]
        for c in cs[: current().framing.shown]:
            s = c.members[0].sentence
            out[aid].append(
                _Draft(
                    "alone",
                    f"Only {aid} reports ({_where(s)}): “{_excerpt(s.text)}”; nothing close "
                    f"in the other {n - 1}.",
                    1.6 - 0.02 * _rank(s),
                    _fact_keys(c, aid),
                    (_evidence(article, s),),
                    (c.id,),
                )
            )
    wide = max(2, (n + 1) // 2)  # carried by at least half the articles
    for aid, missing in al.omissions(ctx.ids, wide).items():
        for c in missing[: current().framing.shown]:
            ref = c.members[0]
            out[aid].append(
                _Draft(
                    "leaves_out",
                    f"{aid} leaves out {c.id}, which {c.support} of the other {n - 1} carry: "
                    f"“{_excerpt(ref.sentence.text)}” ({ref.article_id}).",
                    1.8 + 0.2 * c.support,
                    _fact_keys(c),
                    (_evidence(ctx.by_id.get(ref.article_id, ctx.articles[0]), ref.sentence),),
                    (c.id,),
                )
            )
    return out


def _voices(ctx: _Context) -> dict[str, list[_Draft]]:
    out: dict[str, list[_Draft]] = defaultdict(list)
    if len(ctx.ids) < 2:
        return out
    quoted: dict[str, dict[str, str]] = {}  # article -> surname -> speaker as written
    for aid in ctx.ids:
        fr = ctx.framing.get(aid)
        quoted[aid] = {}
        for q in fr.quotes if fr else []:
            key = ctx.speaker_key(q.speaker)
            if key:
                quoted[aid].setdefault(key, q.speaker or key)
    # Per-article shares once, and their totals over all articles: each article's comparison
    # with "the others" is then the totals minus its own (all-pairs was quadratic in articles).
    quoted_in: Counter[str] = Counter(k for aid in ctx.ids for k in quoted[aid])
    framed = [aid for aid in ctx.ids if aid in ctx.framing]
    shares: dict[str, dict[str, dict[str, float]]] = {
        "side": {b: ctx.framing[b].sides for b in framed},
        "speaker": {b: {k: _speaker_share(ctx.framing[b], k) for k in quoted[b]} for b in framed},
    }
    # who has each key, in article order; and the total, for keys many articles have
    holders: dict[str, dict[str, list[tuple[str, float]]]] = {}
    totals: dict[str, dict[str, float]] = {}
    for what, per in shares.items():
        holders[what] = defaultdict(list)
        for b, t in per.items():
            for k, v in t.items():
                holders[what][k].append((b, v))
        totals[what] = {k: math.fsum(v for _, v in hs) for k, hs in holders[what].items()}
    for aid in ctx.ids:
        fr = ctx.framing.get(aid)
        if fr is None:
            continue
        for key, name in quoted[aid].items():
            if quoted_in[key] > 1:  # another article quotes them too
                continue
            qs = [q for q in fr.quotes if q.speaker and _surname(q.speaker) == key]
            words = sum(q.words for q in qs if q.kind == "direct")
            share = next((v.share for v in fr.voices if v.speaker == qs[0].speaker), 0.0)
            q0 = qs[0]
            out[aid].append(
                _Draft(
                    "only_voice",
                    f"Only {aid} quotes {name} ({len(qs)} quote{'s' * (len(qs) > 1)}"
                    + (f", {100 * share:.0f}% of its quoted words" if words else "")
                    + ").",
                    1.4 + share,
                    (name, key),
                    (Evidence(aid, q0.text, q0.start, q0.end, q0.sentence_index + 1),),
                )
            )
        # share of quoted words by side and by speaker, against the others' mean
        n_theirs = len(framed) - 1
        for what in ("side", "speaker"):
            if not n_theirs:
                continue
            mine = shares[what][aid]
            for k, v in mine.items():
                hs = holders[what][k]
                if k in ("unknown", "unattributed") or len(hs) <= 1:
                    continue  # a voice only it quotes is the item above
                # the others' values summed in article order
                if len(hs) <= current().framing.exact_sum_holders:
                    mean = sum(x for b, x in hs if b != aid) / n_theirs
                else:  # a key most of a large set has: the total less its own
                    mean = (totals[what][k] - v) / n_theirs
                if abs(v - mean) < current().framing.share_gap:
                    continue
                label = quoted[aid].get(k, k) if what == "speaker" else f"the {k} side"
                out[aid].append(
                    _Draft(
                        "share",
                        f"{label} has {100 * v:.0f}% of {aid}'s directly quoted words; "
                        f"{100 * mean:.0f}% on average in the other {n_theirs}.",
                        1.2 + abs(v - mean),
                        (quoted[aid].get(k, k),) if what == "speaker" else (k,),
                        tuple(
                            Evidence(aid, q.text, q.start, q.end, q.sentence_index + 1)
                            for q in fr.quotes
                            if q.kind == "direct"
                            and (
                                (q.speaker and _surname(q.speaker) == k)
                                if what == "speaker"
                                else q.side == k
                            )
                        )[:3],
                    )
                )
    return out


def _speaker_share(fr: ArticleFraming, key: str) -> float:
    return sum(v.share for v in fr.voices if _surname(v.speaker) == key)


def _verbs(ctx: _Context) -> dict[str, list[_Draft]]:
    """A loaded verb for a speaker whom every other outlet quoting them reports neutrally."""
    out: dict[str, list[_Draft]] = defaultdict(list)
    uses: dict[str, dict[str, list[tuple[str, bool, int, int, int]]]] = {}
    for aid in ctx.ids:
        fr = ctx.framing.get(aid)
        uses[aid] = defaultdict(list)
        for v in fr.verbs if fr else []:
            key = ctx.speaker_key(v.speaker)
            if key:
                uses[aid][key].append((v.text, v.loaded, v.start, v.end, v.sentence_index))
    by_key: dict[str, list[tuple[str, tuple[str, bool, int, int, int]]]] = defaultdict(list)
    for b in ctx.ids:  # who uses which speaker's verbs, built once (not per article)
        for key, vs in uses[b].items():
            by_key[key] += [(b, u) for u in vs]
    for aid in ctx.ids:
        for key, vs in uses[aid].items():
            loaded = [v for v in vs if v[1]]
            if not loaded:
                continue
            theirs = [(b, u) for b, u in by_key[key] if b != aid]
            if not loaded or not theirs or any(u[1] for _, u in theirs):
                continue
            their_words = sorted({u[0].lower() for _, u in theirs})
            text, _, s, e, si = loaded[0]
            fr = ctx.framing[aid]
            speaker = next(
                (q.speaker for q in fr.quotes if q.speaker and _surname(q.speaker) == key), key
            )
            out[aid].append(
                _Draft(
                    "verb",
                    f"{aid} reports {speaker} with “{text}”; the "
                    f"{len({b for b, _ in theirs})} other outlet(s) quoting {speaker} use "
                    + " / ".join(f"“{w}”" for w in their_words[:3])
                    + ".",
                    1.5,
                    (text,),
                    (Evidence(aid, text, s, e, si + 1),),
                )
            )
    return out


def _labels(ctx: _Context, pairs: Sequence[LabelPair]) -> dict[str, list[_Draft]]:
    """An outlet's label for a slot that the other outlets fill with other words."""
    out: dict[str, list[_Draft]] = defaultdict(list)
    slots: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    first: dict[tuple[str, str, str], LabelPair] = {}
    for p in pairs:
        for me, other in ((p.a, p.b), (p.b, p.a)):
            key = (me.article_id, p.fact, me.text.lower())
            slots[key].append((other.article_id, other.text))
            first.setdefault(key, p)
    n = len(ctx.ids)
    for (aid, fact, _), others in slots.items():
        if aid not in ctx.by_id:
            continue
        p = first[(aid, fact, _)]
        me = p.a if p.a.article_id == aid else p.b
        words = sorted({t.lower() for _, t in others})
        if len({o for o, _ in others}) < min(2, n - 1) or me.text.lower() in words:
            continue
        article = ctx.by_id[aid]
        s = article.sentences[me.sentence_index]
        names = " / ".join(f"“{w}”" for w in words[:3])
        outlets = ", ".join(sorted({o for o, _ in others}))
        out[aid].append(
            _Draft(
                "label",
                f"For the same referent in {fact}, {aid} writes “{me.text}” where {outlets} "
                f"write {names}.",
                1.3 + 0.1 * len({o for o, _ in others}),
                (me.text,),
                (Evidence(aid, s.text, me.start, me.end, s.index + 1),),
                (fact,),
            )
        )
    return out


def distinctive_flags(
    ctx_articles: Sequence[ArticleFraming], texts: dict[str, str]
) -> dict[str, dict[str, float]]:
    """Per article: log-odds z of its own (unquoted) terms against the other articles."""
    counts = {
        fr.id: own_terms(texts[fr.id], [(q.start, q.end) for q in fr.quotes if q.kind == "direct"])
        for fr in ctx_articles
        if fr.id in texts
    }
    return log_odds(counts)


def _wording(ctx: _Context, z: dict[str, dict[str, float]]) -> dict[str, list[_Draft]]:
    """Lexicon-flagged words (loaded, emotive, loaded verbs) in the outlet's own voice that
    the other outlets of the story do not use: the lexicon proposes, the contrast decides."""
    out: dict[str, list[_Draft]] = defaultdict(list)
    if len(ctx.ids) < 2:
        return out
    used: dict[str, set[str]] = {aid: set(z.get(aid, {})) for aid in ctx.ids}
    users: Counter[str] = Counter(w for aid in ctx.ids for w in used[aid])
    for aid in ctx.ids:
        fr = ctx.framing.get(aid)
        if fr is None or not fr.supported:
            continue
        others = _UsedByOthers(users, used[aid])
        seen: set[str] = set()
        for f in contrastive_wording(fr, z.get(aid, {}), others):
            key = f[0].lower()
            if key in seen:
                continue
            seen.add(key)
            text, start, end, si, cats = f
            s = ctx.by_id[aid].sentences[si]
            out[aid].append(
                _Draft(
                    "wording",
                    f"{aid} alone uses “{text}” ({cats}) in {_where(s)}; none of the other "
                    f"{len(ctx.ids) - 1} does.",
                    0.8 + (0.5 if "loaded" in cats else 0.0),
                    (text,),
                    (Evidence(aid, s.text, start, end, si + 1),),
                )
            )
    return out


class _UsedByOthers(Container[str]):
    """The terms some other article uses, from counts over all articles (the union of every
    other article's terms, rebuilt per article, was quadratic in the number of articles)."""

    def __init__(self, users: Counter[str], mine: set[str]) -> None:
        self._users = users
        self._mine = mine

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._users[term] > (term in self._mine)


def contrastive_wording(
    fr: ArticleFraming, z: dict[str, float], others: Container[str]
) -> list[tuple[str, int, int, int, str]]:
    """(text, start, end, sentence index, categories) of the outlet-voice flags that are its
    own: loaded-list words, emotive words and loaded reporting verbs whose terms the other
    outlets never use and whose log-odds is >= framing.wording_z_min."""
    out = []
    for f in fr.wording:
        if f.in_quote or not set(f.categories) & {"loaded", "emotive"}:
            continue
        terms = {term(t.text) for t in tokenize(f.text)}
        if any(t in others for t in terms) or phrase_z(z, f.text) < current().framing.wording_z_min:
            continue
        out.append((f.text, f.start, f.end, f.sentence_index, "/".join(f.categories)))
    for v in fr.verbs:
        if (
            v.loaded
            and term(v.text) not in others
            and phrase_z(z, v.text) >= current().framing.wording_z_min
        ):
            out.append((v.text, v.start, v.end, v.sentence_index, "loaded verb"))
    return sorted(out, key=lambda x: x[1])


def compute_contrasts(
    articles: Sequence[Article],
    framings: Sequence[ArticleFraming],
    alignment: Alignment | None,
) -> list[OutletContrasts]:
    """Per outlet, its contrasts against the others, strongest first, ids "A1.1", "A1.2", …"""
    ctx = _Context(articles, framings, alignment)
    texts = {a.id: a.text for a in ctx.articles}
    z = distinctive_flags([ctx.framing[a] for a in ctx.ids if a in ctx.framing], texts)
    pairs = label_pairs(ctx.articles, alignment) if alignment is not None else []
    drafts: dict[str, list[_Draft]] = defaultdict(list)
    for part in (
        _lead_and_position(ctx),
        _alone_and_left_out(ctx),
        _voices(ctx),
        _verbs(ctx),
        _labels(ctx, pairs),
        _wording(ctx, z),
    ):
        for aid, ds in part.items():
            drafts[aid] += ds
    out = []
    for aid in ctx.ids:
        ds = sorted(drafts.get(aid, []), key=lambda d: -d.strength)
        out.append(
            OutletContrasts(
                aid,
                [
                    Contrast(
                        f"{aid}.{k}",
                        aid,
                        d.kind,
                        d.sentence,
                        d.strength,
                        d.keys,
                        d.evidence,
                        d.facts,
                    )
                    for k, d in enumerate(ds, 1)
                ],
            )
        )
    return out
