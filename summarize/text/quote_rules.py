"""Direct and indirect quotes with their speaker, found by rules, without a model (the entry
point that may add spaCy's speakers is `quote_finder.find_quotes`).

Direct quotes are quotation-mark spans (straight and curly, double and single); a quote left open
at the end of a paragraph runs to the paragraph's end (the convention for multi-paragraph quotes).
The speaker comes from the sentence around the quote ("X said", "said X", "according to X"), else
from a pronoun resolved to the last named speaker, else from the previous quote in the same or the
previous paragraph. Offsets index into `Article.text`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Literal

from summarize.articles import Article
from summarize.settings import current
from summarize.text.headings import ends_as_sentence
from summarize.text.lists import word_set
from summarize.text.names import one_edit
from summarize.text.spans import sentence_index_at
from summarize.text.speakers import (
    DETERMINERS,
    PRONOUNS,
    TITLES,
    Subject,
    Tok,
    channel_owner,
    countries,
    dateline,
    name_forward,
    not_a_speaker,
    role_sides,
    side_of,
    split_name,
    subject_after,
    subject_before,
    tokens,
)
from summarize.text.speakers import SENTENCE_STARTERS as _STARTERS
from summarize.text.verbs import lookup, verb_pattern

Kind = Literal["direct", "indirect"]
SpeakerSource = Literal["sentence", "pronoun", "role", "subject", "previous", "none"]

_OPEN = '"“„«'
_CLOSE = '"”»'
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))[‘']([^'‘’\n]{2,}?)['’](?=[\s.,;:!?)\]—–-]|$)")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_CLAUSE_VERBS = frozenset(
    "say claim insist warn argue contend assert allege admit concede "
    "acknowledge suggest note add explain believe declare predict confirm "
    "deny testify maintain report write tell announce emphasize emphasise indicate hint "
    "reiterate".split()
)
# role words that name the same office: "Rep. X" is "the congressman"
_ROLE_KIN = {
    "rep": "lawmaker",
    "representative": "lawmaker",
    "congressman": "lawmaker",
    "congresswoman": "lawmaker",
    "sen": "senator",
    "gov": "governor",
    "spokesperson": "spokesman",
    "spokeswoman": "spokesman",
}
_PREPOSITIONS = frozenset("in on at after during before with from for by since".split())
_TOPIC_LEADS = frozenset("of about regarding as to".split())
_DEMONYM_ENDS = ("an", "ish", "ese")  # "European leaders see …" names nobody
_DIRECTIONS = frozenset("western eastern northern southern".split())  # nor "Western leaders"
_ROLE_DETERMINERS = frozenset("the his her their its".split())
_OBJECT_DETERMINERS = frozenset("a an the his her its their our my".split())
# verbs that report a clause but also take a plain object ("maintain a dialogue")
_OBJECT_TAKERS = frozenset("maintain confirm acknowledge reiterate report".split())


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words (without the marks) or, for indirect quotes, the reported clause
    start: int
    end: int
    speaker: str | None  # a name ("Dmitry Peskov"), else the phrase ("a senior official")
    verb: str | None  # the reporting verb as written, or "according to"
    sentence_index: int
    kind: Kind
    side: str = "unknown"
    speaker_source: SpeakerSource = "none"
    verb_start: int = -1
    verb_end: int = -1

    @property
    def words(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "words": self.words}


def direct_spans(article: Article) -> list[tuple[int, int]]:
    """(start, end) of quoted text inside the marks, per paragraph."""
    spans: list[tuple[int, int]] = []
    text = article.text
    carried: int | None = None  # index in `spans` of a quote left open at a paragraph's end
    carried_paras, carried_end = 0, 0
    for para in article.paragraphs:
        open_at: int | None = None
        if carried is not None:
            # A quote left open may close in a later paragraph that never re-opens it (one
            # sentence per line, as in annotated data sets): its first mark is then a closer.
            close = _first_mark(text, para.start, para.end)
            if close is not None and _closes(text, close, para.start):
                spans[carried] = (spans[carried][0], close)
                open_at, carried = None, None
                body_from = close + 1
            elif close is None and carried_paras < current().text.max_carried_paras:
                spans[carried] = (spans[carried][0], para.end)
                carried_paras += 1
                continue
            else:  # re-opened (the usual convention) or never closed: it ended where it was
                spans[carried] = (spans[carried][0], carried_end)
                carried, body_from = None, para.start
        else:
            body_from = para.start
        for pos in range(body_from, para.end):
            ch = text[pos]
            if open_at is None:
                if ch in _OPEN or (ch == "”" and (pos == para.start or text[pos - 1].isspace())):
                    open_at = pos + 1
            elif ch in _CLOSE or ch == "“":
                spans.append((open_at, pos))
                open_at = pos + 1 if ch == "“" else None
        if open_at is not None:
            spans.append((open_at, para.end))
            carried, carried_paras, carried_end = len(spans) - 1, 0, para.end
        body = text[para.start : para.end]
        for m in _SINGLE.finditer(body):
            s, e = para.start + m.start(1), para.start + m.end(1)
            if len(m.group(1).split()) <= 15 and not any(a <= s < b for a, b in spans):
                spans.append((s, e))
    if carried is not None:  # never closed: it ended where it was left open
        spans[carried] = (spans[carried][0], carried_end)
    out = []
    for s, e in sorted(spans):
        raw = text[s:e]
        s2 = s + len(raw) - len(raw.lstrip())
        e2 = s + len(raw.rstrip())
        if any(c.isalpha() for c in text[s2:e2]):
            out.append((s2, e2))
    return out


def _first_mark(text: str, start: int, end: int) -> int | None:
    return next((p for p in range(start, end) if text[p] in _OPEN or text[p] in _CLOSE), None)


def _closes(text: str, pos: int, para_start: int) -> bool:
    """Does the mark at `pos` close a quote (attached to the word before it, not after)?"""
    if pos == para_start or text[pos - 1].isspace() or text[pos] in "“„«":
        return False
    return pos + 1 >= len(text) or not text[pos + 1].isalnum()


def _masked_tokens(text: str, lo: int, hi: int, quotes: list[tuple[int, int]]) -> list[Tok]:
    """Tokens of text[lo:hi] with each quote (and its marks) replaced by one `<Q>` token."""
    out: list[Tok] = []
    pos = lo
    for s, e in quotes:
        if e <= lo or s >= hi:
            continue
        qs = max(lo, s - 1)
        out += tokens(text[pos:qs], pos)
        out.append(Tok("<Q>", s, e))
        pos = min(hi, e + 1)
    out += tokens(text[pos:hi], pos)
    return out


def _verbs_in(toks: list[Tok]) -> list[tuple[int, int, str]]:
    """(first token, last token, form) of each reporting verb among tokens."""
    words = " ".join(t.lower if t.text != "<Q>" else "\x00" for t in toks)
    found = []
    starts: dict[int, int] = {}
    pos = 0
    for k, t in enumerate(toks):
        starts[pos] = k
        pos += len(t.lower if t.text != "<Q>" else "\x00") + 1
    for m in verb_pattern().finditer(words):
        first = starts.get(m.start())
        if first is None:
            continue
        last = first + len(m.group().split()) - 1
        found.append((first, last, m.group()))
    return found


def _attribute(
    toks: list[Tok], q_index: int | None
) -> tuple[Subject | None, Tok | None, Tok | None]:
    """(subject, first verb token, last verb token) nearest to the quote token (or anywhere)."""
    if q_index is not None and (named := _namer(toks, q_index)) is not None:
        return named
    lead = [t.lower for t in toks[max(0, (q_index or 0) - 3) : q_index or 0] if t.text != ","]
    if q_index is not None and len(lead) >= 2 and lead[-2] == "which":
        # "… published the announcement, which read, '…'": the words are the announcement's,
        # whose author the sentence does not settle
        return None, None, None
    best: tuple[int, Subject, Tok, Tok] | None = None
    unowned = current().text.max_verb_distance + 1  # distance of a verb whose subject is "which"
    for first, last, form in _verbs_in(toks):
        if toks[first].cap and first > 0 and toks[first - 1].cap:
            continue  # "United States" is a name, not "X states"
        entry = lookup(form)
        if (
            last + 1 < len(toks)
            and toks[last + 1].lower in _OBJECT_DETERMINERS
            and entry is not None
            and entry.lemma in _OBJECT_TAKERS
        ):
            continue  # "maintaining a dialogue", "confirmed the report": a verb with an object
        subj = subject_before(toks, first)
        # "…," said X / "…," X said: inversion only straight after the quote or a comma, and
        # never for participles (", accusing the president of …")
        if (
            subj is None
            and first > 0
            and toks[first - 1].text in ("<Q>", ",")
            and not form.split()[0].endswith("ing")
        ):
            subj = subject_after(toks, last)
        if subj is None:
            if q_index is not None and first > 0 and toks[first - 1].lower == "which":
                unowned = min(unowned, abs(first - q_index), abs(last - q_index))
            continue
        dist = 0 if q_index is None else min(abs(first - q_index), abs(last - q_index))
        if dist > current().text.max_verb_distance:
            continue
        if best is None or dist < best[0]:
            best = (dist, subj, toks[first], toks[last])
    for k, t in enumerate(toks):
        if t.lower == "according" and k + 2 < len(toks) and toks[k + 1].lower == "to":
            subj = subject_after(toks, k + 1)
            if subj is not None:
                dist = 0 if q_index is None else abs(k - q_index)
                if best is None or dist < best[0]:
                    best = (dist, subj, t, toks[k + 1])
    if best is None or unowned < best[0]:
        return None, None, None  # "…, which said '…'": a nearer verb whose subject is a thing
    return best[1], best[2], best[3]


_NAMING = re.compile(r"(?:call|calls|called|calling|dubbed|labelled|labeled|termed|branded)$")
_AS_NAMING = re.compile(r"(?:describ|referr|refers|characteri[sz])\w*$")


def _namer(toks: list[Tok], q: int) -> tuple[Subject, Tok, Tok] | None:
    """The named subject of a naming verb the quote is the object of: in 'what Trump called "a
    very special relationship," Macron hinted …' the words are Trump's, not those of the
    reporting verb after them. Only a person's name or he/she counts ("a group called 'X'"
    names a label, not a speaker)."""
    for k in range(q - 1, max(-1, q - 5), -1):
        tok = toks[k]
        if tok.text in ("<Q>", ",", ".", ";", ":", "(", ")"):
            return None
        v = k if _NAMING.match(tok.lower) else None
        if tok.lower == "as":  # "described Trump as", "has referred to Kim as"
            v = next(
                (j for j in range(k - 1, max(-1, k - 4), -1) if _AS_NAMING.match(toks[j].lower)),
                None,
            )
        if v is not None and toks[v].lower.endswith("ing"):
            return None  # "…, calling it '…'": the participle's subject is the sentence's
        if v is not None:
            subj = subject_before(toks, v)
            if subj is None or not (subj.pronoun or split_name(subj.phrase)[1]):
                return None
            return subj, toks[v], toks[v]
    return None


class Speakers:
    """Canonical speaker names for one article: "Trump" and "President Trump" become one."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.names: list[str] = []
        self._titled: list[tuple[int, str, str]] | None = None

    def canonical(self, phrase: str) -> tuple[str, str]:
        """(speaker, role words) for a subject phrase."""
        role, name = split_name(phrase)
        if not name:
            return phrase, role
        last = name.split()[-1]
        for known in self.names:
            if known.split()[-1] == last and len(known) >= len(name):
                return known, role
        for k, known in enumerate(self.names):
            if known.split()[-1] == last:
                self.names[k] = name
        self.names.append(name)
        return name, role

    def resolve_role(self, phrase: str, before: int) -> tuple[str, str] | None:
        """(name, side) for "the president" / "his lawyer": the named person whose title or
        appositive carries the same role word; ("", "") when the article gives that role to two
        people ("the president" with President Trump and President Moon: not settled), None when
        to nobody ("the spokesman" stays an unnamed source)."""
        words = phrase.lower().split()
        if len(words) < 2 or words[0] not in _ROLE_DETERMINERS or split_name(phrase)[1]:
            return None
        head = words[-1]
        if head not in role_sides():
            return None
        best: tuple[int, str, str] | None = None
        holders: set[str] = set()  # surnames of everyone the article gives this role
        for offset, name, ctx in self.titled():
            kin = _ROLE_KIN.get(ctx, ctx) == _ROLE_KIN.get(head, head)
            if kin:
                holders.add(name.split()[-1])
            if offset < before and kin and (best is None or offset > best[0]):
                best = (offset, name, side_of(ctx))
        for name in self.names:
            ctx = self.first_mention_context(name)
            ctx_words = {_ROLE_KIN.get(w, w) for w in re.findall(r"[a-z]+", ctx.lower())}
            if _ROLE_KIN.get(head, head) not in ctx_words:
                continue
            last = name.split()[-1]
            hits = [
                m.start()
                for m in re.finditer(r"\b" + re.escape(last) + r"\b", self.article.text[:before])
            ]
            holders.add(last)
            if hits and (best is None or hits[-1] > best[0]):
                best = (hits[-1], name, side_of(ctx))
        if len(holders) > 1:
            return "", ""  # two senators in the article: "the senator" is not settled
        return None if best is None else (best[1], best[2])

    def resolve_body(self, phrase: str) -> str | None:
        """ "Justice Department" for "the department" when the article names exactly one
        "… Department" (a capitalised name ending in the same head noun), else None."""
        words = phrase.split()
        if len(words) != 2 or words[0].lower() != "the" or not words[1].islower():
            return None
        if words[1] in role_sides() or words[1] in TITLES:
            return None  # a person's role ("the president"): resolve_role's
        head = words[1].capitalize()
        pattern = r"((?:[A-Z][\w'’-]+ )+" + re.escape(head) + r")\b"
        found = {m.group(1).removeprefix("The ") for m in re.finditer(pattern, self.article.text)}
        return found.pop() if len(found) == 1 else None

    def titled(self) -> list[tuple[int, str, str]]:
        """(offset, name, role words) of each titled mention: "President Trump", "Rep. X",
        "Mr. Hunter's lawyer, Gregory A. Vega"."""
        if self._titled is None:
            toks = tokens(self.article.text)
            found = []
            for k, tok in enumerate(toks[:-1]):
                low = tok.lower.rstrip(".")
                if low not in TITLES and low not in role_sides():
                    continue
                n = k + 1
                if toks[n].text == ".":
                    n += 1
                if n < len(toks) and toks[n].text == ",":
                    if k == 0 or not _is_poss(toks[k - 1].text):
                        continue  # "opponent for president, Hillary Clinton" is no title
                    n += 1  # "Mr. Hunter's lawyer, Gregory A. Vega"
                end = name_forward(toks, n)
                if end is None or end - n > 4 or not toks[n].cap:
                    continue
                name = " ".join(t.text for t in toks[n:end]).replace(" .", ".")
                _, bare = split_name(name)
                if bare and not not_a_speaker(bare) and not _is_poss(bare):
                    prev = toks[k - 1].lower if k > 0 else ""
                    if prev in ("vice", "former", "deputy", "then"):
                        low = f"{prev} {low}"  # "Vice President Pence" is not "the president"
                    found.append((tok.start, bare, low))
            self._titled = found
        return self._titled

    def full(self, speaker: str) -> str:
        return _longest_name(speaker, self.names)

    def first_mention_context(self, name: str) -> str:
        """Words around the first mention of a name: "Kremlin spokesman Dmitry Peskov, 54, …"."""
        text = self.article.text
        m = re.search(r"\b" + re.escape(name) + r"\b", text)
        if not m:
            return ""
        # title words straight before the first mention ("Kremlin spokesman"), and an appositive
        before = tokens(text[max(0, m.start() - 80) : m.start()])
        keep: list[str] = []
        for tok in reversed(before):
            if (tok.cap or tok.lower in TITLES or tok.lower in role_sides()) and tok.text != ".":
                keep.insert(0, tok.text)
            else:
                break
        after = re.match(r",([^,.;]{0,60})", text[m.end() :])
        return " ".join(keep) + " " + (after.group(1) if after else "")


def find_quotes_rules(article: Article) -> list[Quote]:
    """Direct and indirect quotes in text order, each with speaker, verb and offsets (no model)."""
    text = article.text
    spans = direct_spans(article)
    speakers = Speakers(article)
    quotes: list[Quote] = []
    last_by_para: dict[int, Quote] = {}
    said_in_para: dict[int, set[str]] = {}  # surnames of the speakers quoted in each paragraph
    recent_names: list[tuple[int, str, str]] = []  # (quote end, speaker, side)

    def make(
        s: int, e: int, subj: Subject | None, v1: Tok | None, v2: Tok | None, kind: Kind, sent: int
    ) -> Quote:
        speaker, side, source = None, "unknown", "none"
        if subj is not None:
            if subj.pronoun:
                found = _pronoun_antecedent(article, spans, speakers, recent_names, s, subj)
                if found is None:
                    return _quote(text, s, e, None, v1, v2, sent, kind, "unknown", "none")
                speaker, side, source = found[0], found[1], "pronoun"
            elif _unowned_channel(subj.phrase):
                pass  # "the statement said", "his office said": whose, the words do not say
            elif (body := speakers.resolve_body(subj.phrase)) is not None:
                # "the department said": the one "… Department" the article names
                speaker, side, source = body, side_of(body), "role"
            elif (named_role := speakers.resolve_role(subj.phrase, subj.start)) is not None:
                # "the president said": the one named person whose title is "president" (two
                # of them: abstain, "" from resolve_role)
                if named_role[0]:
                    speaker, side, source = named_role[0], named_role[1], "role"
            elif _title_case_role(subj.phrase):
                # "America's Toughest Sheriff said": a capitalised role, no name; the one
                # person the article gives that role, else nobody
                found = speakers.resolve_role(f"the {subj.phrase.split()[-1].lower()}", subj.start)
                if found is not None and found[0]:
                    speaker, side, source = found[0], found[1], "role"
            else:
                speaker, role = speakers.canonical(channel_owner(subj.phrase) or subj.phrase)
                context = " ".join([role, subj.context, subj.phrase])
                side = side_of(context)
                if (side == "unknown" and speaker != subj.phrase) or role == "":
                    side = side_of(context + " " + speakers.first_mention_context(speaker))
                source = "sentence"
        return _quote(text, s, e, speaker, v1, v2, sent, kind, side, source)

    # Candidates in text order, so a pronoun resolves to the last speaker named before it.
    items: list[tuple[int, int, Subject | None, Tok | None, Tok | None, Kind, int]] = []
    for s, e in spans:  # direct: the frame is every sentence the quote touches
        first = sentence_index_at(article, s)
        last = sentence_index_at(article, max(s, e - 1))
        lo = min(article.sentences[first].start, max(s - 1, 0))
        if last + 1 < len(article.sentences) and _attribution_after(
            text[s:e], article.sentences[last + 1].text
        ):
            last += 1  # '"Who would refuse that?" / the mayor said.': the sentence goes on
        hi = max(article.sentences[last].end, e)
        toks = _masked_tokens(text, lo, hi, spans)
        q_index = next((k for k, t in enumerate(toks) if t.text == "<Q>" and t.start == s), None)
        attributed = _attribute(toks, q_index)
        if attributed[0] is None and q_index is not None:
            attributed = _participle_subject(article, toks, q_index)
        items.append((s, e, *attributed, "direct", first))
    quoted_sents = {sentence_index_at(article, s) for s, _ in spans} | {
        sentence_index_at(article, e - 1) for _, e in spans
    }
    for sent in article.sentences:  # indirect: attributed reporting verb, no quotation marks
        if sent.index in quoted_sents:
            continue
        toks = tokens(sent.text, sent.start)
        subj, v1, v2 = _attribute(toks, None)
        if subj is None or v1 is None or v2 is None:
            continue
        clause = _reported_clause(sent.text, sent.start, subj, v1, v2)
        if clause is not None:
            items.append((clause[0], clause[1], subj, v1, v2, "indirect", sent.index))
    taken = [(s, e) for s, e, *_ in items]
    for sent in article.sentences:  # "X did …, arguing that …": a participle report
        for found in _participle_reports(sent.text, sent.start):
            s, e = found[0], found[1]
            if not any(a < e and s < b for a, b in taken):
                items.append((*found, "indirect", sent.index))
    items.sort(key=lambda item: item[0])

    para_of = {sent.index: sent.paragraph for sent in article.sentences}
    for s, e, subj, v1, v2, kind, sent_index in items:
        q = make(s, e, subj, v1, v2, kind, sent_index)
        para = para_of.get(sent_index, 0)
        if q.speaker is None and kind == "direct":
            # quote paragraphs and '"…," she said. "…"': the previous quote's speaker
            prev = last_by_para.get(para)
            if prev is None and _opens_paragraph(article, s):
                prev = last_by_para.get(para - 1)  # a quote paragraph continuing the last one
            named = _person_earlier_in_sentence(article, spans, speakers, [], s)
            pronoun = subj is not None and subj.pronoun
            if (
                prev is not None
                and len(said_in_para.get(para_of.get(prev.sentence_index, -1), set())) == 1
                and _continues(article, spans, s)
                and named in (None, prev.speaker)
                # '"…," he said' whose "he" was not settled: the sentence has its own speaker
                and not pronoun
                # across paragraphs from a reported clause only when it introduced the quote
                # ('Putin said he … doubted its usefulness: / "I do not see …"')
                and (
                    prev.kind == "direct"
                    or para_of.get(prev.sentence_index) == para
                    or text[: max(0, s - 1)].rstrip().endswith(":")
                )
            ):
                # not when the quote's own sentence names someone else first ("Peskov
                # reinforced Putin's position, calling it '…'"): abstain rather than carry
                q = replace(q, speaker=prev.speaker, side=prev.side, speaker_source="previous")
        if q.speaker is not None:
            # a quote may run on into later paragraphs (one sentence a line): it is the last
            # word of each of them
            for p in range(para, para_of.get(sentence_index_at(article, max(s, e - 1)), para) + 1):
                last_by_para[p] = q
                said_in_para.setdefault(p, set()).add(q.speaker.split()[-1])
            recent_names.append((q.end, q.speaker, q.side))  # where the quote ends
        quotes.append(q)
    # "Peskov" and "Dmitry Peskov" are one speaker: use the longest name seen.
    return unify_speakers(quotes, speakers)


def unify_speakers(quotes: list[Quote], speakers: Speakers) -> list[Quote]:
    """One name and one side per person: "Putin" becomes "Vladimir Putin" when the article or
    another quote names him so, and a quote whose side was not found takes the side his other
    quotes carry (a voice table must not count one person twice)."""
    said = list(dict.fromkeys(q.speaker for q in quotes if q.speaker))  # in text order
    names = [*said, *speakers.names, *(name for _, name, _ in speakers.titled())]
    names += [m for sp in said if (m := _plain_full_mention(sp, speakers.article.text))]
    full = {sp: _longest_name(sp, names) for sp in said}  # once per person, not per quote
    out = [replace(q, speaker=full[q.speaker]) if q.speaker else q for q in quotes]
    sides: dict[str, list[str]] = {}
    for q in out:
        if q.speaker and q.side != "unknown":
            sides.setdefault(q.speaker, []).append(q.side)
    return [
        replace(q, side=max(sides[q.speaker], key=sides[q.speaker].count))
        if q.speaker and q.side == "unknown" and q.speaker in sides
        else q
        for q in out
    ]


def _longest_name(speaker: str, names: list[str]) -> str:
    """The longest of `names` that ends with `speaker` on the same surname, else `speaker`; a
    one-word speaker one slipped letter from another speaker's surname is that person
    ("Tilllerson" in an article about "Rex Tillerson": one person, one voice)."""
    last = speaker.split()[-1]
    longer = [n for n in names if n.split()[-1] == last and n.endswith(speaker)]
    if all(n == speaker for n in longer) and len(speaker.split()) == 1 and len(last) >= 6:
        longer = [n for n in names if n != speaker and one_edit(n.split()[-1], last)]
        if len({n.split()[-1] for n in longer}) != 1:
            return speaker  # two candidates: leave the spelling as written
    return max(longer, key=len, default=speaker)


def _plain_full_mention(speaker: str, text: str) -> str | None:
    """ "Volodymyr Zelenskyy" for a one-word speaker the text also names with a first name in a
    plain mention ("alongside Volodymyr Zelenskyy in Paris"); titles and openers are no name."""
    if len(speaker.split()) != 1 or speaker.isupper():
        return None
    for m in re.finditer(r"\b([A-Z][\w’'-]+) " + re.escape(speaker) + r"\b", text):
        first = m.group(1)
        low = first.lower()
        if not (
            _is_poss(first)  # "North Korea's Kim" is not "Kim"'s full name
            or not _capitalised_inside(first, text)  # "Following Trump's visit …"
            or low.rstrip(".") in TITLES
            or low in role_sides()
            or low in _STARTERS
            or not_a_speaker(first)
        ):
            return f"{first} {speaker}"
    return None


def _quote(
    text: str,
    s: int,
    e: int,
    speaker: str | None,
    v1: Tok | None,
    v2: Tok | None,
    sent: int,
    kind: Kind,
    side: str,
    source: str,
) -> Quote:
    verb = text[v1.start : v2.end] if v1 is not None and v2 is not None else None
    start, end = (v1.start if v1 else -1), (v2.end if v2 else -1)
    return Quote(text[s:e], s, e, speaker, verb, sent, kind, side, source, start, end)  # type: ignore[arg-type]


_ORG_WORDS = word_set("organisation_words.txt")
_CALENDAR = word_set("calendar_words.txt")  # "Friday EDT" (after a sentence cut at "p.m.")
_NOT_PEOPLE = frozenset("you your our us them their his her my its".split())
_CONTRACTION = re.compile(r"['’](?:m|re|ve|ll|d|s)$|n['’]t$", re.IGNORECASE)


def person_like(phrase: str, text: str) -> bool:
    """Can a capitalised phrase name a person an "he"/"she" may refer to? Not an organisation,
    outlet or place ("the White House", "Reuters", "South Korea"), not a capitalised word that
    only opens a sentence ("Shortly", "Wherever", "Only", "I'm", "To", "St" of "St. Louis", "Of
    Obama"): a one-word name must also be written capitalised inside some sentence."""
    if not phrase.strip() or phrase.isupper() or not_a_speaker(phrase):
        return False
    first = phrase.split()[0]
    if first.lower() in _STARTERS:
        return False  # "Of Obama", "However Trump"
    if first.lower().endswith("ing") and not _capitalised_inside(first, text):
        return False  # "Hosting President Macron …, Mr. Trump said": a participle phrase
    _, bare = split_name(phrase)  # "Representative Nancy Pelosi of California": the name
    words = (bare or phrase).replace("’", "'").split()
    if not words:
        return False
    low = [w.lower().rstrip(".,") for w in words]
    if any(w in _ORG_WORDS or w in _CALENDAR for w in low) or " ".join(low) in countries():
        return False
    if low[0] in PRONOUNS or low[0] in _NOT_PEOPLE or low[0] in _STARTERS or low[0] in DETERMINERS:
        return False
    if any(not w[:1].isupper() and w not in _CONNECTOR_WORDS for w in words):
        return False
    if any(_CONTRACTION.search(w) for w in words):
        return False
    if len(words) == 1:
        word = words[0].rstrip(".,")
        if len(word) <= 2:
            return False
        titled = bare and any(w.lower().rstrip(".") in TITLES for w in phrase.split()[:-1])
        return bool(titled) or _capitalised_inside(word, text)  # "Mr. Haddad" is a name
    return True


def _capitalised_inside(word: str, text: str) -> bool:
    """Is `word` written capitalised inside a sentence somewhere (after a lower-case word, a
    comma or a name), not only where a sentence opens ("Shortly", "Following")?"""
    pattern = r"[a-z0-9,;] +(?:(?:[A-Z][\w'’-]*|[A-Z][a-z]{0,2}\.) +)*" + re.escape(word) + r"\b"
    return re.search(pattern, text) is not None


_CONNECTOR_WORDS = frozenset("de van von der bin al la le da di du del".split())


def _pronoun_antecedent(
    article: Article,
    quoted: list[tuple[int, int]],
    speakers: Speakers,
    said: list[tuple[int, str, str]],
    quote_start: int,
    subj: Subject,
    hops: int = 0,
) -> tuple[str, str] | None:
    """(name, side) of the one person "he"/"she" can be, else None (measured on unseen articles:
    the last named speaker anywhere before was a wrong speaker for about half of the pronouns).
    Candidates: the people quoted in the quote's sentence or the one before, the named subject
    opening that previous sentence, and a person named earlier in the pronoun's own sentence
    outside quotation marks (not the head of "…, who he said"); when there is nobody and the
    previous sentence opens with the same pronoun, that pronoun's antecedent (two steps at most).
    Two different people, or none: abstain."""
    here = sentence_index_at(article, min(quote_start, subj.start))
    window = article.sentences[max(0, here - 1)].start
    people: dict[str, tuple[str, str]] = {}  # surname -> (name, side)
    before = [r for r in said if window <= r[0] < subj.start and person_like(r[1], article.text)]
    for _, name, side in before:
        people.setdefault(name.split()[-1], (name, side))
    people.pop("", None)
    near = _person_earlier_in_sentence(article, quoted, speakers, before, subj.start)
    if near == "":
        return None
    if near is not None:
        opening = _opening_name(article, subj.start)
        if opening is not None and opening.split()[-1] == near.split()[-1]:
            if person_like(opening, article.text):
                # "Mr. Trump alluded to … when he said …": the subject of the pronoun's own
                # sentence, nearer than anyone before it
                return near, _side_of_known(near, before, speakers)
        elif person_like(near, article.text):
            people.setdefault(near.split()[-1], (near, _side_of_known(near, before, speakers)))
    prev = [] if here == 0 else tokens(article.sentences[here - 1].text)
    # "He also tamped down …, which Mr. Trump pulled out of. '…,' he said": the previous
    # sentence's subject is the same pronoun, so the names in its clauses are not candidates
    chained = bool(prev) and prev[0].lower == subj.phrase.lower()
    named = [] if here == 0 or chained else _subject_names(article, quoted, here - 1)
    if not chained and (subject := _preceding_subject(article, here)) is not None:
        named.append(subject)
    for offset, phrase in named:
        if any(a - 1 <= offset < b + 1 for a, b in quoted):
            continue  # the quoted words' own first name ("Wherever there's trouble …")
        if person_like(phrase, article.text):
            name, role = speakers.canonical(phrase)
            ctx = role + " " + speakers.first_mention_context(name)
            people.setdefault(name.split()[-1], (name, side_of(ctx)))
    if not people and chained and hops < 2:
        # "Blanco said …. She hoped …. '…,' she said": the previous sentence's "she"
        first = tokens(article.sentences[here - 1].text, article.sentences[here - 1].start)[0]
        return _pronoun_antecedent(
            article, quoted, speakers, said, first.start, _as_subject(first), hops + 1
        )
    if len(people) != 1:
        return None
    return next(iter(people.values()))


def _as_subject(tok: Tok) -> Subject:
    return Subject(tok.text, tok.start, tok.end, True, "")


_AUX = frozenset("has had have is was were will would could should can may might did does".split())
_CLAUSE_OPENERS = frozenset(
    "and but or while when as because after before since although though if so yet which".split()
)


def _subject_names(
    article: Article, quoted: list[tuple[int, int]], k: int
) -> list[tuple[int, str]]:
    """(offset, name) of each name in subject position in sentence k, outside quotation marks:
    a capitalised name opening a clause and followed by a verb ("Khan later said", "…, and
    Farenthold has denied"). Object and topic mentions do not count."""
    sent = article.sentences[k]
    toks = _masked_tokens(article.text, sent.start, sent.end, quoted)
    out = []
    j = 0
    while j < len(toks):
        end = name_forward(toks, j) if toks[j].text != "<Q>" else None
        # a subject opens its clause: after the sentence start, punctuation or a conjunction;
        # after a verb or preposition a name is an object or a topic ("the memo cited Berg
        # telling aides", "said Trump would challenge …", "Of Obama")
        after = j > 0 and toks[j - 1].lower not in _CLAUSE_OPENERS and toks[j - 1].text.isalpha()
        if end is None or after or end >= len(toks):
            j = j + 1 if end is None else end
            continue
        nxt = toks[end].lower if toks[end].text.islower() else ""
        if nxt.endswith("ly") and end + 1 < len(toks) and toks[end + 1].text.islower():
            nxt = toks[end + 1].lower  # "Khan later said", "Trump repeatedly denied"
        verb = nxt in _AUX or lookup(nxt) is not None or (nxt.endswith("ed") and len(nxt) > 3)
        if verb and not _is_poss(toks[end - 1].text):
            out.append((toks[j].start, " ".join(t.text for t in toks[j:end]).replace(" .", ".")))
        j = end
    return out


_PARTICIPLES = frozenset(
    "saying adding noting explaining insisting arguing warning calling telling claiming "
    "declaring stressing suggesting promising vowing".split()
)


def _participle_subject(
    article: Article, toks: list[Tok], q: int
) -> tuple[Subject | None, Tok | None, Tok | None]:
    """ "Pompeo told the committee …, noting that talks could achieve an outcome '…'": a quote
    under a participle ("…, saying/noting/explaining …") or a coordinated reporting verb ("…
    and said", "… but said") is the words of the clause's subject,
    the subject of the sentence's first reporting verb or the named subject opening it."""
    k = next(
        (
            j
            for j in range(q - 1, max(-1, q - current().text.max_verb_distance), -1)
            if toks[j].lower in _PARTICIPLES
            or (j > 0 and toks[j - 1].lower in ("and", "but") and lookup(toks[j].lower))
        ),
        None,
    )
    if k is None or k < 2 or any(t.text == "<Q>" for t in toks[k:q]):
        return None, None, None
    if toks[k - 1].lower in ("and", "but"):
        k -= 1  # "Mr. Trump assailed the deal …, but said he could agree to 'a new deal'"
    elif toks[k - 1].text != ",":
        return None, None, None
    head = toks[:k]
    subj = _attribute(head, None)[0]
    if subj is None:
        start = next((j for j, t in enumerate(head) if t.text not in ("<Q>", ",")), None)
        if start is None or head[start].text == "<Q>":
            return None, None, None
        sent = article.text[head[start].start : head[-1].end]
        opening = _opening_subject(sent, head[start].start)
        if opening is not None and person_like(opening[1], article.text):
            subj = Subject(opening[1], opening[0], opening[0] + len(opening[1]), False, "")
        elif (
            start + 1 < len(head)
            and head[start].lower in ("the", "he", "she")
            and (head[start].lower != "the" or head[start + 1].lower in role_sides())
        ):
            # "The president, however, has since moved …, saying …": resolved as a role;
            # "He …, saying …": as a pronoun
            end = start + (1 if head[start].lower != "the" else 2)
            phrase = " ".join(t.text for t in head[start:end])
            pronoun = head[start].lower != "the"
            subj = Subject(phrase, head[start].start, head[end - 1].end, pronoun, "")
        else:
            # "Republican presidential nominee Mitt Romney has repeatedly targeted …": the
            # subject of the sentence's first finite verb
            verb = next(
                (
                    j
                    for j in range(start + 1, k)
                    if head[j].lower in _AUX or head[j].lower.endswith("ed")
                ),
                None,
            )
            subj = None if verb is None else subject_before(head, verb)
            if subj is None or not (subj.pronoun or person_like(subj.phrase, article.text)):
                return None, None, None  # "But he questioned …, saying": he, resolved as such
    return subj, toks[k], toks[k]


def _opening_name(article: Article, offset: int) -> str | None:
    """The named subject opening the sentence that holds `offset` ("Mr. Trump …"), if any."""
    sent = article.sentences[sentence_index_at(article, offset)]
    opening = _opening_subject(article.text[sent.start : offset], sent.start)
    return None if opening is None else opening[1]


def _opens_paragraph(article: Article, start: int) -> bool:
    """Does the quote at `start` open its paragraph (nothing before its opening mark)?"""
    para = next((p for p in article.paragraphs if p.start <= start < p.end), None)
    return para is not None and not article.text[para.start : max(para.start, start - 1)].strip()


def _title_case_role(phrase: str) -> bool:
    """ "Toughest Sheriff", "Secretary General": every word capitalised, and no name left once
    the titles and role words are taken off (a capitalised non-name is never a speaker)."""
    words = phrase.split()
    return (
        len(words) > 1
        and all(w[:1].isupper() for w in words)
        and words[-1].lower() in role_sides()
        and not split_name(phrase)[1]
    )


_AFTER_VERB = frozenset("in on at during after before while when to , .".split())


def _attribution_after(quoted: str, nxt: str) -> bool:
    """Is the sentence after a quote its attribution? One that opens lower-case ('"…?" / the
    mayor said.'), or, after a quote ending in "?" or "!", one that only names who spoke:
    '"Who would refuse that?" / Anna Berg said.' or '… / Trump said in a tweet.' (not "Trump
    said the talks failed.", a statement of its own)."""
    if nxt[:1].islower():
        return True
    if not quoted.rstrip(" ,\"”’'").endswith(("?", "!")):
        return False
    toks = tokens(nxt)
    verbs = [(first, last) for first, last, _ in _verbs_in(toks)]
    if not verbs or len(toks) > 14 or any(c in nxt for c in _OPEN + _CLOSE):
        return False
    first, last = verbs[0]
    return subject_before(toks, first) is not None and (
        last + 1 >= len(toks) or toks[last + 1].lower in _AFTER_VERB
    )


_LABEL_LEADS = frozenset("a an the so-called dubbed named".split())


def _continues(article: Article, quoted: list[tuple[int, int]], start: int) -> bool:
    """Can a quote at `start` carry the previous speaker over? Not in a label's place ("known as
    the 'coalition of the willing'", "deploy a 'reassurance force'"): that quotes a name, not
    more of someone's speech. Fragments elsewhere ("despite 'numerous warnings'") may."""
    sent = article.sentences[sentence_index_at(article, start)]
    lead = [t for t in _masked_tokens(article.text, sent.start, start, quoted) if t.text != "<Q>"]
    words = [t for t in lead if any(c.isalnum() for c in t.text)]
    return not words or words[-1].lower not in _LABEL_LEADS


def _person_earlier_in_sentence(
    article: Article,
    quoted: list[tuple[int, int]],
    speakers: Speakers,
    before: list[tuple[int, str, str]],
    pron: int,
) -> str | None:
    """The one person named earlier in the pronoun's own sentence ("Despite Putin's claim …, he
    said"): nearer than any earlier speaker. Counted: the named subject opening the sentence and
    any known speaker or titled person. "" when two different people are named there
    (ambiguous: abstain), None when nobody is. Names inside quotation marks are the
    quoted speaker's words, not antecedents."""
    sent = article.sentences[sentence_index_at(article, pron)]
    known = {n.split()[-1]: n for n in [*speakers.names, *(r[1] for r in before)]}
    known.update({n.split()[-1]: n for off, n, _ in speakers.titled() if off < pron})
    found: set[str] = set()
    opening = _opening_subject(article.text[sent.start : pron], sent.start)
    if (
        opening is not None
        and not opening[1].isupper()
        and not any(s - 1 <= opening[0] < e + 1 for s, e in quoted)
        and (len(opening[1].split()) > 1 or opening[1] in known)  # not "Especially"
        and all(w[:1].isupper() and not _is_poss(w) for w in opening[1].split())
    ):
        last = opening[1].split()[-1]
        found.add(speakers.full(known.get(last, opening[1])))
    toks = _masked_tokens(article.text, sent.start, pron, quoted)
    topic = len(toks)  # "his loyalty to Gov. Mills, who he said …": Mills is what is spoken of
    if toks and toks[-1].lower in ("who", "whom"):
        topic = len(toks) - 1
        while topic > 0 and (toks[topic - 1].text == "," or toks[topic - 1].cap):
            topic -= 1
        if opening is not None and opening[0] >= toks[topic].start:
            found.clear()
    for tok in toks[:topic]:
        word = re.sub(r"['’]s$", "", tok.text)
        if tok.cap and word in known:
            found.add(speakers.full(known[word]))
    if len(found) > 1:
        return ""
    return next(iter(found), None)


def _side_of_known(name: str, before: list[tuple[int, str, str]], speakers: Speakers) -> str:
    for _, known, side in reversed(before):
        if known == name:
            return side
    role = next((ctx for _, n, ctx in speakers.titled() if n == name), "")
    return side_of(role + " " + speakers.first_mention_context(name))


_CHANNEL_HEADS = frozenset("statement letter office release report tweet post website".split())


def _unowned_channel(phrase: str) -> bool:
    """ "the statement", "his office": a document or office with no named owner (measured: both
    were wrong speakers on the dev gold; "Netanyahu's office" keeps its owner)."""
    words = phrase.lower().split()
    return len(words) >= 2 and words[0] in _OBJECT_DETERMINERS and words[-1] in _CHANNEL_HEADS


_PARTICIPLE = re.compile(
    r",\s+(?:and\s+)?(saying|arguing|warning|suggesting|insisting|claiming|noting|adding|"
    r"stressing|pointing out|making clear|making it clear)\s+that\s+",
    re.IGNORECASE,
)


def _participle_reports(
    sentence: str, offset: int
) -> list[tuple[int, int, Subject | None, Tok | None, Tok | None]]:
    """(start, end, subject, verb tokens) of "…, arguing that …" clauses: the speaker is the
    named subject (or he/she) opening the sentence; anything else stays unattributed."""
    out: list[tuple[int, int, Subject | None, Tok | None, Tok | None]] = []
    end = len(sentence.rstrip(" .!?\"”'’"))
    for m in _PARTICIPLE.finditer(sentence):
        if end - m.end() < 12:
            continue
        verb = tokens(m.group(1), offset + m.start(1))
        subj: Subject | None = None
        opening = _opening_subject(sentence[: m.start()], offset)
        first = tokens(sentence[:3], offset)
        if opening is not None and not opening[1].isupper():
            start = opening[0]
            subj = Subject(opening[1], start, start + len(opening[1]), False, "")
        elif first and first[0].lower in ("he", "she"):
            subj = Subject(first[0].text, first[0].start, first[0].end, True, "")
        elif (group := _group_subject(sentence[: m.start()], offset)) is not None:
            subj = group
        out.append((offset + m.end(), offset + end, subj, verb[0], verb[-1]))
    return out


def _group_subject(text: str, offset: int) -> Subject | None:
    """ "Western governments …": a direction word and a plural noun opening the sentence name
    a group (the gold's head noun), not a person."""
    toks = tokens(text, offset)
    if len(toks) < 3 or toks[0].lower not in _DIRECTIONS or toks[1].cap:
        return None
    if not (toks[1].text.isalpha() and toks[1].lower.endswith("s")):
        return None
    return Subject(f"{toks[0].text} {toks[1].text}", toks[0].start, toks[1].end, False, "")


def _is_poss(name: str) -> bool:
    return name.lower().endswith(("'s", "’s"))


def _preceding_subject(article: Article, here: int) -> tuple[int, str] | None:
    """(offset, name) of the named subject opening the sentence before sentence `here`."""
    for sent in article.sentences[max(0, here - 1) : here]:
        if not (ends_as_sentence(sent.text) or sent.text.rstrip().endswith(":")):
            continue  # a heading ("A Fragile Peace Framework — And No Direct Talks Yet")
        found = _opening_subject(sent.text, sent.start)
        if found is not None:
            return found
    return None


def _opening_subject(text: str, offset: int) -> tuple[int, str] | None:
    """(offset, name) of the named subject opening a sentence, if it opens with one."""
    toks = tokens(text, offset)
    k = 0
    # "On Sunday, Sen. Lindsey Graham ... suggested": a leading adverbial is not the subject
    # (a leading prepositional phrase may run longer: "With the migrants on the doorstep of the
    # United States, Mr. Trump …")
    reach = 14 if toks and toks[0].lower in _PREPOSITIONS else 8
    comma = next((j for j in range(min(reach, len(toks))) if toks[j].text == ","), None)
    if comma is not None and (
        all(t.lower in _STARTERS or not_a_speaker(t.text) for t in toks[:comma])
        or toks[0].lower in _PREPOSITIONS
        or toks[0].lower in _TOPIC_LEADS  # "Of Obama, she said …": the topic, not the subject
    ):
        k = comma + 1
    while k < len(toks) and (toks[k].lower in _STARTERS or toks[k].text == ","):
        k += 1
    # "Speaking in Uzhhorod, Zelenskyy said": the subject follows the participle phrase.
    if k < len(toks) and toks[k].lower.endswith("ing"):
        comma = next((j for j in range(k, min(k + 14, len(toks))) if toks[j].text == ","), None)
        if comma is not None:
            k = comma + 1
    # "the first lady, Melania Trump, questioned": a role with its name in apposition
    if k < len(toks) and not toks[k].cap:
        comma = next((j for j in range(k + 1, min(k + 4, len(toks))) if toks[j].text == ","), None)
        if comma is not None and all(not t.cap for t in toks[k:comma]):
            after = name_forward(toks, comma + 1)
            if after is not None and after < len(toks) and toks[after].text == ",":
                k = comma + 1
    end = name_forward(toks, k)
    if (
        end is not None
        and not toks[end - 1].lower.endswith(("'s", "’s"))
        and not dateline(" ".join(t.text for t in toks[k:end]))
        and not not_a_speaker(" ".join(t.text for t in toks[k:end]))
        and not (end - k == 1 and toks[k].lower.endswith(_DEMONYM_ENDS))
        and not (end - k == 1 and toks[k].lower in _DIRECTIONS)  # "Western governments"
    ):
        return toks[k].start, " ".join(t.text for t in toks[k:end]).replace(" .", ".")
    return None


def _reported_clause(
    sentence: str, offset: int, subj: Subject, v1: Tok, v2: Tok
) -> tuple[int, int] | None:
    """Offsets of what was reported: after "X said (that)", before ", X said", "according to"."""
    end = offset + len(sentence.rstrip(".!?\"”' "))
    verb = " ".join(sentence[v1.start - offset : v2.end - offset].lower().split())
    entry = lookup(verb)
    if verb == "according to":
        if subj.start > v2.end and sentence[: v1.start - offset].strip():  # "…, according to X."
            return offset, offset + len(sentence[: v1.start - offset].rstrip(" ,"))
        comma = sentence.find(",", subj.end - offset)
        return (offset + comma + 2, end) if comma >= 0 and end - (offset + comma) > 15 else None
    if entry is None or entry.lemma.split()[0] not in _CLAUSE_VERBS:
        return None
    after = sentence[max(v2.end, subj.end) - offset :]
    m = re.match(r"\s*(?:,\s*)?(?:[\w\s]{0,40}?\bthat\b|(?=\w))", after)
    if subj.start > v2.end or (subj.end <= v1.start and not after.strip(" .")):
        # trailing attribution: "The plan failed, the minister said."
        head = sentence[: min(subj.start, v1.start) - offset].rstrip()
        if not head.endswith(","):  # "Trump welcomed what Kim said." reports nothing
            return None
        head = head.rstrip(" ,")
        return (offset, offset + len(head)) if len(head.split()) >= 4 else None
    if m is None:
        return None
    start = max(v2.end, subj.end) + m.end()
    start += len(text_after := sentence[start - offset :]) - len(text_after.lstrip(" ,"))
    if end - start < 15 or len(sentence[start - offset : end - offset].split()) < 4:
        return None
    if entry.lemma == "tell" and "that" not in after[: m.end()]:
        return None
    if entry.lemma == "hint" and after.split()[:1] == ["at"]:
        return None  # "hinted at potential engagement" reports no clause
    return start, end
