"""The HTML report without a browser: parsed with html.parser, the page holds no script, a strict
CSP whose style hash matches the one stylesheet, every section, every citation resolving to its
sentence's exact text, one matrix row per fact; hostile article text and metadata stay text.

The seeds briefing is replayed from cassettes/brief_seeds.yaml (real recordings); the CLI test
uses the SYNTHETIC routing server."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import vcr

from summarize.align import Alignment, ClaimCluster, ClaimRef
from summarize.align.alignment import Conflict, Version
from summarize.articles import Article, Sentence, load_articles
from summarize.brief import Briefing, build_briefing
from summarize.brief.briefing import CitedSentence, OutletFraming, Rejected
from summarize.brief.consensus import centrality_of, quoted_fact
from summarize.brief.findings import find
from summarize.brief.matrix import fact_matrix
from summarize.brief.what_happened import what_happened
from summarize.cli import main
from summarize.digest import Digest, QuoteItem
from summarize.errors import PARTIAL_EXIT_CODE
from summarize.framing import compare_outlets
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BUILTIN_PROFILES
from summarize.llm.session import ModelSession
from summarize.render.html import render_briefing_html, render_framing_html
from summarize.render.html.links import safe_href
from summarize.verify import CheckedClaim

from .conftest import CASSETTES, REPLAY_BASE_URL, ROOT, SEEDS

HOSTILE_DIR = ROOT / "tests" / "fixtures" / "hostile" / "report"
SECTIONS = [
    "top",
    "sources",
    "consensus",
    "matrix",
    "disagreements",
    "single-source",
    "framing",
    "unverified",
    "provenance",
    "articles",
]
# Each payload sets window.__pwned if it ever runs (the browser tests check the hook).
PAYLOADS = [
    "<script>window.__pwned='s'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=window.__pwned='svg'>",
    "</style><script>window.__pwned='style'</script>",
    "\"><img src=x onerror=window.__pwned='attr'>",
    "'><svg/onload=window.__pwned='attr2'>",
    "</title></textarea><script>window.__pwned='t'</script>",
    "<a href=\"javascript:window.__pwned='a'\">x</a>",
    "<iframe srcdoc=\"<script>parent.__pwned='f'</script>\"></iframe>",
    "<meta http-equiv=refresh content=\"0;url=javascript:window.__pwned='m'\">",
    "<!-- <![CDATA[ ]]> {{ 7*7 }} {% raw %}",
]
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6
HOSTILE = " ".join(PAYLOADS) + " " + LONG_WORD
HOSTILE_URLS = [
    "javascript:window.__pwned='url'",
    "JaVaScRiPt:window.__pwned='url2'",
    "data:text/html,<script>window.__pwned='data'</script>",
    "https://example.org/a?q=\"><script>window.__pwned='href'</script>",
]


# --- building the briefings -------------------------------------------------------------------


def _measures(b: Briefing) -> dict[str, Any]:
    """The framing measures as the JSON writes them."""
    assert b.framing is not None
    return b.framing.to_dict()


def seeds_briefing(cache_dir: Path) -> Briefing:
    """The seeds briefing, replayed offline from the recorded cassette (record mode none)."""
    replay = vcr.VCR(
        record_mode="none",
        match_on=["method", "scheme", "path", "query", "body"],
        decode_compressed_response=True,
    )
    with replay.use_cassette(str(CASSETTES / "brief_seeds.yaml")):
        backend = open_backend(
            BUILTIN_PROFILES["embedded"], base_url=REPLAY_BASE_URL, max_retries=0
        )
        cache = ResponseCache(cache_dir)
        try:
            return build_briefing(load_articles([SEEDS]), ModelSession(backend, cache))
        finally:
            cache.close()


def with_fallbacks(b: Briefing) -> Briefing:
    """`b` with the two fallbacks the page must also show, whatever the recording holds: its
    last consensus fact stated by its representative sentence verbatim (`quoted_fact`, what
    the briefing shows when the model's prose fails the check) and that prose listed as
    rejected. The rejection is SYNTHETIC, made here; the verbatim sentence is the real
    fallback."""
    assert b.alignment is not None and b.consensus
    last = b.consensus[-1]
    facts = {c.id: c for c in b.shared_facts()}
    quoted = quoted_fact(facts[last.facts[0]], centrality_of(b.articles))
    synthetic = Rejected("consensus", last.text, "synthetic for the page tests: as if it failed")
    return replace(b, consensus=[*b.consensus[:-1], quoted], rejected=[*b.rejected, synthetic])


def _raw(article: Article, **fields: str) -> Article:
    """Metadata set after construction, uncleaned: the renderer must not rely on the loader."""
    for name, value in fields.items():
        object.__setattr__(article, name, value)
    return article


def hostile_articles() -> list[Article]:
    loaded = list(load_articles([HOSTILE_DIR]).articles)  # the fixture files, through the loader
    text = (
        f"The council shut the bridge on Monday {HOSTILE}. "
        f'Mayor Jane Smith said "{PAYLOADS[0]} is safe" before the vote {LONG_WORD}.\n\n'
        "Critics claimed the closure was a disaster and officials slammed the report."
    )
    raw = [
        _raw(
            Article.from_text(f"A{n}", text, source=f"news/{PAYLOADS[1]}{n}.md"),
            outlet=f"{HOSTILE} \"Daily\" 'Post' {n}",
            title=HOSTILE,
            published=HOSTILE,
            lean=HOSTILE,
            url=HOSTILE_URLS[n - 1],
        )
        for n in (1, 2, 3, 4)
    ]
    for i, a in enumerate(loaded):
        object.__setattr__(a, "id", f"A{5 + i}")
    return raw + loaded


def hostile_briefing() -> Briefing:
    articles = hostile_articles()
    digests = []
    for a in articles:
        s0, s1 = a.sentences[0], a.sentences[1]
        digests.append(
            Digest(
                article=a,
                summary=HOSTILE,
                summary_warnings=[HOSTILE],
                claims=[
                    CheckedClaim(HOSTILE, "verified", s0, 1.0),
                    CheckedClaim(HOSTILE, "relocated", s1, 0.9),
                    CheckedClaim(HOSTILE, "unverified", None, 0.0, reason=HOSTILE),
                ],
                quotes=[QuoteItem(HOSTILE, HOSTILE, s1.start, s1.end, s1.index, "direct")],
                actors=[HOSTILE],
            )
        )
    ids = [a.id for a in articles]
    shared = ClaimCluster("F1", [ClaimRef(d.article.id, d.claims[0]) for d in digests], ids)
    single = ClaimCluster("F2", [ClaimRef("A1", digests[0].claims[1])], ["A1"])
    s1, s2 = articles[0].sentences[1], articles[1].sentences[1]
    alignment = Alignment(
        clusters=[shared, single],
        conflicts=[
            Conflict(
                "D1",
                "quote",
                HOSTILE,
                [Version(HOSTILE, ("A1",), (s1,)), Version(PAYLOADS[3], ("A2",), (s2,))],
            )
        ],
        candidate_pairs=1,
        judged_pairs=0,
    )
    comparison = compare_outlets(articles)
    return Briefing(
        articles=articles,
        digests=digests,
        alignment=alignment,
        min_support=2,
        consensus=[CitedSentence(HOSTILE, ("F1",), tuple(ids), 1.0)],
        consensus_fallback=False,
        framing_narrative=[OutletFraming("A1", HOSTILE)],
        framing=comparison,
        findings=find(articles, alignment, {}, 2),
        rejected=[Rejected("consensus", HOSTILE, HOSTILE, "A1"), Rejected("claim", HOSTILE, "x")],
        duplicates=[],
        canonical={},
        problems=[HOSTILE],
        # the article text is hostile: the story and the matrix must escape it too
        what_happened=what_happened(articles, alignment),
        matrix=fact_matrix(alignment, articles),
        provenance={
            "backend": {"name": HOSTILE, "kind": "openai", "model": HOSTILE},
            "templates": {"digest": HOSTILE},
            "calls": 3,
        },
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    return with_fallbacks(seeds_briefing(tmp_path_factory.mktemp("seeds-cache")))


# --- reading the page back --------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    inner: list[Element] = field(default_factory=list)  # every element inside it, in order


class Page(HTMLParser):
    """Every element with its attributes, the text and the elements inside it (nested ones
    included)."""

    VOID = frozenset("meta link br img input hr source wbr area col embed".split())

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.by_id: dict[str, Element] = {}
        self.duplicate_ids: list[str] = []
        self.style_texts: list[str] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(el)
        for outer in self._open:
            outer.inner.append(el)
        if "id" in el.attrs:
            if el.attrs["id"] in self.by_id:
                self.duplicate_ids.append(el.attrs["id"])
            self.by_id[el.attrs["id"]] = el
        if tag not in self.VOID:
            self._open.append(el)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                if tag == "style":
                    self.style_texts.append("".join(self._open[i].text))
                del self._open[i:]
                return
        raise AssertionError(f"</{tag}> closes nothing")

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el.text.append(data)

    def text_of(self, element_id: str) -> str:
        return "".join(self.by_id[element_id].text)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


def sentence_texts(b: Briefing) -> dict[str, str]:
    """Every anchor a citation may point at: each sentence, and each headline as S0."""
    out = {f"{a.id}-S0": a.title for a in b.articles if a.title}
    out.update({f"{a.id}-S{s.index + 1}": s.text for a in b.articles for s in a.sentences})
    return out


def matrix_cells(page: Page, b: Briefing) -> list[tuple[str, str, Element]]:
    """(fact id, article id, td) for every cell of the who-reports-what matrix."""
    cells: list[tuple[str, str, Element]] = []
    fact = ""
    column = 0
    # the rows shown first, then the rest under "more facts"
    for table in [t for t in page.all("table") if t.attrs.get("class") == "matrix"]:
        for el in table.inner:
            if el.tag == "tr" and "data-fact" in el.attrs:
                fact, column = el.attrs["data-fact"], 0
            elif el.tag == "td" and fact and "num" not in el.attrs.get("class", ""):
                cells.append((fact, b.article_ids[column], el))
                column += 1
    return cells


def links_in(element: Element) -> list[Element]:
    return [e for e in element.inner if e.tag == "a"]


def assert_safe_page(html: str) -> Page:
    page = Page(html)
    assert not page._open[1:], [e.tag for e in page._open]  # only <html> may stay open
    assert not page.duplicate_ids, page.duplicate_ids
    assert page.all("script") == []  # the page has no script at all: nothing of ours, nothing else
    for tag in ("img", "iframe", "object", "embed", "form", "input", "link", "base"):
        assert page.all(tag) == [], tag
    metas = page.all("meta")
    assert [m.attrs.get("http-equiv") for m in metas if "http-equiv" in m.attrs] == [
        "Content-Security-Policy"
    ]
    for el in page.elements:
        for name, value in el.attrs.items():
            assert not name.startswith("on"), (el.tag, name, value)
            assert name not in ("style", "srcdoc", "src", "action", "formaction"), (el.tag, name)
            if name in ("href", "xlink:href"):
                assert value.startswith("#") or safe_href(value) == value, value
                assert not re.match(r"\s*(javascript|data|vbscript|file):", value, re.I), value
    return page


def csp_of(page: Page) -> str:
    [meta] = [m for m in page.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    return meta.attrs["content"]


# --- the seeds report -------------------------------------------------------------------------


def test_seeds_page_is_self_contained_with_a_strict_csp(seeds: Briefing) -> None:
    html = render_briefing_html(seeds)
    size = len(html.encode("utf-8"))
    assert size < 1_000_000, size
    page = assert_safe_page(html)
    policy = {
        d.split()[0]: d.split()[1:] for d in (x.strip() for x in csp_of(page).split(";")) if d
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'none'"]
    [css] = page.style_texts  # one stylesheet, allowed by its exact hash and nothing else
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    assert policy["style-src"] == [f"'sha256-{digest}'"]
    assert "url(" not in css and "@import" not in css  # nothing for the CSS to fetch either
    # the CSP meta precedes the stylesheet, or it would not cover it
    assert html.index("Content-Security-Policy") < html.index("<style>")


def test_seeds_page_has_every_section_in_the_markdown_order(seeds: Briefing) -> None:
    html = render_briefing_html(seeds)
    page = Page(html)
    positions = [html.index(f'id="{s}"') for s in SECTIONS if s in page.by_id]
    assert [s for s in SECTIONS if s in page.by_id] == SECTIONS
    assert positions == sorted(positions)
    for a in seeds.articles:  # each article readable in the page
        assert a.id in page.by_id and page.by_id[a.id].tag == "article"


def test_every_citation_resolves_to_the_exact_sentence(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    texts = sentence_texts(seeds)
    for anchor, text in texts.items():  # every sentence of every article is an anchor
        assert page.text_of(anchor) == text, anchor
    links = [a.attrs["href"][1:] for a in page.all("a") if a.attrs.get("href", "").startswith("#")]
    assert links and all(target in page.by_id for target in links), set(links) - set(page.by_id)
    chips = [a.attrs["href"][1:] for a in page.all("a") if a.attrs.get("class") == "chip"]
    cited = [c for c in chips if c in texts]
    # every source of every consensus sentence is a chip to one of its sentences
    assert len(cited) >= sum(len(s.sources) for s in seeds.consensus)
    for s in seeds.consensus:
        assert s.sources
    for c in seeds.shared_facts():
        for m in c.members:  # the evidence behind each agreed fact, one click away
            assert f"{m.article_id}-S{m.sentence.index + 1}" in cited


def test_matrix_has_one_row_per_fact_and_one_column_per_outlet(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    assert seeds.alignment is not None
    columns = [th.attrs["data-article"] for th in page.all("th") if "data-article" in th.attrs]
    assert columns == seeds.article_ids * 2  # the rows shown, then the rest under "more facts"
    rows = [tr.attrs["data-fact"] for tr in page.all("tr") if "data-fact" in tr.attrs]
    assert rows == [r.fact_id for r in seeds.matrix]  # distinct facts, in the matrix's order
    assert len(set(rows)) == len(rows)
    carried = [len(r.carried_by) for r in seeds.matrix]
    assert carried == sorted(carried, reverse=True)  # most widely carried first
    assert sum(r.shown for r in seeds.matrix) == 25
    assert len(matrix_cells(page, seeds)) == len(rows) * len(seeds.article_ids)


def test_matrix_cells_say_what_the_alignment_decides(seeds: Briefing) -> None:
    """carries = the sentence the decision names, of that article; unclear = the closest
    sentence; "left out" only where the JSON omissions list it; "not reported" only where the
    alignment found nothing close."""
    page = Page(render_briefing_html(seeds))
    alignment = seeds.alignment
    assert alignment is not None and alignment.nearness is not None
    data = seeds.to_dict()
    listed = {(aid, f) for aid, fs in data["omissions"]["by_article"].items() for f in fs}
    texts = sentence_texts(seeds)
    decided = {(r.fact_id, aid): d for r in seeds.matrix for aid, d in r.cells}
    states: dict[str, int] = {}
    for fact, aid, td in matrix_cells(page, seeds):
        state, text = td.attrs["class"], "".join(td.text)
        states[state] = states.get(state, 0) + 1
        d = decided[(fact, aid)]
        assert d == alignment.decide(alignment.cluster(fact), aid)
        links = links_in(td)
        label = " ".join(e.attrs.get("title", "") for e in td.inner)
        if state == "carries":
            assert d.status == "carries" and d.sentence is not None
            anchor = links[0].attrs["href"][1:]
            assert anchor == f"{aid}-S{d.sentence.index + 1}"
            assert page.text_of(anchor) == texts[anchor] == d.sentence.text
        elif state == "unclear":
            assert d.status == "unclear" and d.sentence is not None
            assert text == "unclear" and "comes close without carrying it" in label
            [link] = links
            anchor = link.attrs["href"][1:]
            assert anchor.startswith(f"{aid}-S")  # a sentence of that article's column
            assert page.text_of(anchor) == texts[anchor] == d.sentence.text
        elif state == "omitted":
            assert d.status == "not_reported" and (aid, fact) in listed and text == "left out"
        elif state == "absent":
            assert d.status == "not_reported" and (aid, fact) not in listed
            assert text == "not reported" and "every sentence compared" in label
        else:
            raise AssertionError(state)
        if (aid, fact) not in listed:
            assert "left out" not in text and "leaves out" not in label, (fact, aid, label)
    assert states.get("omitted", 0) == len(
        {(a, f) for a, f in listed if any(r.fact_id == f for r in seeds.matrix)}
    )
    assert states["absent"] > 0 and states["unclear"] > 0  # the seeds show all three


class _Near:
    """SYNTHETIC nearness for a hand-built alignment: fact id -> {article id: (score, sentence)}."""

    def __init__(self, near: dict[str, dict[str, tuple[float, Sentence]]]) -> None:
        self._near = near

    def near(
        self, cluster: ClaimCluster, *, own: bool = False
    ) -> dict[str, tuple[float, Sentence]]:
        return self._near.get(cluster.id, {})


def test_left_out_touches_and_unmatched_cells_on_a_hand_built_alignment() -> None:
    """The seeds list no omission: a hand-built alignment shows "left out" where absence is
    asserted on a widely carried fact, and "–" (not "not found") for a claims-only alignment."""
    b = hostile_briefing()
    assert b.alignment is not None and b.alignment.nearness is None
    claims_only = Page(render_briefing_html(b))
    for fact, aid, td in matrix_cells(claims_only, b):
        member = any(m.article_id == aid for m in b.alignment.cluster(fact).members)
        assert td.attrs["class"] == ("carries" if member else "unmatched"), (fact, aid)
        assert "not found" not in "".join(td.text) and "left out" not in "".join(td.text)

    ids = b.article_ids
    # its own words: a row never repeats another row's words (F1's are HOSTILE too)
    members = [
        ClaimRef(d.article.id, replace(d.claims[0], text=f"{HOSTILE} (wide)"))
        for d in b.digests[:4]
    ]
    wide = ClaimCluster("F3", members, ids[:4])
    b.alignment.clusters.append(wide)
    toucher = b.articles[4]
    b.alignment.article_ids = ids
    b.alignment.nearness = _Near({"F3": {toucher.id: (0.3, toucher.sentences[1])}})
    b = replace(
        b,
        matrix=fact_matrix(b.alignment, b.articles, b.canonical),
        findings=find(b.articles, b.alignment, b.canonical, b.min_support),
    )
    assert b.alignment is not None
    assert wide.support >= b.omission_support  # widely carried
    page = assert_safe_page(render_briefing_html(b))
    cells = {(f, a): td for f, a, td in matrix_cells(page, b) if f == "F3"}
    listed = b.to_dict()["omissions"]["by_article"]
    for aid in ids:
        td = cells[("F3", aid)]
        text = "".join(td.text)
        if aid in ids[:4]:
            assert td.attrs["class"] == "carries"
        elif aid == toucher.id:
            assert td.attrs["class"] == "unclear" and text == "unclear"
            assert links_in(td)[0].attrs["href"] == f"#{aid}-S2"
            assert "F3" not in listed[aid]
        else:
            assert td.attrs["class"] == "omitted" and text == "left out"
            assert "F3" in listed[aid]
            assert links_in(td)[0].attrs["href"] == f"#omissions-{aid}" and (
                f"omissions-{aid}" in page.by_id
            )
    touched = [e for e in page.all("li") if e.attrs.get("id") == f"touched-{toucher.id}-F3"]
    assert len(touched) == 1 and "leaves out" not in "".join(touched[0].text)


def test_title_and_heading_are_the_story_headline(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    headline = seeds.to_dict()["headline"]
    assert headline is not None
    assert "".join(page.all("title")[0].text) == f"Briefing: {headline['text']}"
    assert "".join(page.all("h1")[0].text) == f"Briefing: {headline['text']}"
    # without a checked headline: a count, never one outlet's headline (as the Markdown)
    b = hostile_briefing()
    assert b.headline is None
    hostile = Page(render_briefing_html(b))
    assert "".join(hostile.all("h1")[0].text) == f"Briefing: {len(b.articles)} articles"


def test_verbatim_consensus_is_a_quote_of_its_sentence(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    # "What happened" (always the articles' sentences) comes first, then the consensus's
    verbatim = [
        *seeds.what_happened,
        *(s for s in seeds.consensus if s.verbatim_from is not None),
    ]
    assert len(verbatim) > len(seeds.what_happened)  # one consensus fact, from with_fallbacks
    quotes = [e for e in page.all("blockquote") if "verbatim" in e.attrs.get("class", "")]
    assert len(quotes) == len(verbatim)
    for s, q in zip(verbatim, quotes, strict=True):
        assert s.verbatim_from is not None
        aid, index = s.verbatim_from
        anchor = f"{aid}-S{index + 1}"
        hrefs = [a.attrs["href"] for a in links_in(q)]
        assert hrefs[0] == "#" + anchor  # whose sentence it is, first
        assert page.text_of(anchor) == s.text  # the quote is that sentence, verbatim
        assert s.text in "".join(q.text)
        assert len(hrefs) == 1 + len(s.sources)  # then the chips of every source


def test_omissions_section_lists_touched_facts_never_as_left_out(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    data = seeds.to_dict()["omissions"]
    touched = [(aid, t) for aid, items in data["touched"].items() for t in items]
    assert touched  # the seeds: A1 and A5 touch on F3
    items = [e for e in page.all("li") if e.attrs.get("id", "").startswith("touched-")]
    assert [e.attrs["id"] for e in items] == [f"touched-{aid}-{t['fact']}" for aid, t in touched]
    for (aid, t), li in zip(touched, items, strict=True):
        text = "".join(li.text)
        assert text.startswith(f"{aid} touches on {t['fact']}")
        assert "leaves out" not in text and "left out" not in text
        anchor = f"{aid}-S{t['evidence']['sentence']}"
        assert "#" + anchor in [a.attrs["href"] for a in links_in(li)]
        assert page.text_of(anchor) == t["evidence"]["text"]
    listed = [aid for aid, fs in data["by_article"].items() if fs]
    assert [
        e.attrs["id"] for e in page.elements if e.attrs.get("id", "").startswith("omissions-")
    ] == [f"omissions-{aid}" for aid in listed]
    single = page.by_id["single-source"]
    only = [h for h in single.inner if h.tag == "h3" and "".join(h.text).startswith("Only in")]
    assert len(only) == len({c.members[0].article_id for c in seeds.single_source()})


def test_names_only_one_article_mentions_link_their_sentences(seeds: Briefing) -> None:
    page = Page(render_briefing_html(seeds))
    named = seeds.to_dict()["named_only_in"]
    assert "Budapest Memorandum" in named["A4"][0]["terms"] + named["A4"][1]["terms"]
    blocks = [e.attrs["id"] for e in page.elements if e.attrs.get("id", "").startswith("named-A")]
    assert blocks == [f"named-{aid}" for aid in named]
    for aid, items in named.items():
        for d in items:
            anchor = f"{aid}-S{d['sentence']}"
            assert page.text_of(anchor) == d["text"]  # the chip's sentence is the listed one


def test_framing_shows_each_outlets_contrasts_with_evidence_first(seeds: Briefing) -> None:
    html = render_briefing_html(seeds)
    page = Page(html)
    texts = sentence_texts(seeds)
    by_id = {a.id: a for a in seeds.articles}
    outlets = _measures(seeds)["contrasts"]
    assert [o["article_id"] for o in outlets] == seeds.article_ids
    shown = 0
    for o in outlets:
        assert f"contrasts-{o['article_id']}" in page.by_id
        for c in o["items"]:
            li = page.by_id[f"contrast-{c['id']}"]
            assert c["sentence"] in "".join(li.text)  # the code's sentence, as written
            hrefs = [a.attrs["href"] for a in links_in(li) if a.attrs.get("class") == "chip"]
            assert len(hrefs) == len(c["evidence"])
            for e, href in zip(c["evidence"], hrefs, strict=True):
                assert href == f"#{e['article_id']}-S{e['sentence']}"
                a = by_id[e["article_id"]]
                source = (a.title or "") if e["sentence"] == 0 else a.text
                span = source[e["start"] : e["end"]]
                assert span and span in texts[href[1:]]  # the offsets fall in that sentence
                assert page.text_of(href[1:]) == texts[href[1:]]
            shown += 1
    assert shown == sum(len(o["items"]) for o in outlets) > 0
    assert html.index('id="framing-contrasts"') < html.index('id="framing-charts"')
    assert html.index('id="framing-charts"') < html.index('id="framing-table"')
    assert seeds.framing_narrative == []  # the embedded profile writes no framing narrative


def test_framing_statements_link_their_contrasts_and_say_who_wrote_them() -> None:
    b = hostile_briefing()
    outlets = _measures(b)["contrasts"]
    ids = [c["id"] for o in outlets for c in o["items"]]
    assert ids
    narrative = [
        OutletFraming(ids[0].split(".")[0], HOSTILE, (ids[0], "A9.9"), "code"),
        OutletFraming("A1", HOSTILE),
    ]
    b = replace(b, framing_narrative=narrative)
    page = assert_safe_page(render_briefing_html(b))
    lis = [e for e in page.all("li") if e.attrs.get("class") == "statement"]
    assert len(lis) == 2
    first = "".join(lis[0].text)
    assert "written by code" in first and "A9.9" not in first  # no link to a missing contrast
    assert "#contrast-" + ids[0] in [a.attrs["href"] for a in links_in(lis[0])]
    assert "the model's, checked" in "".join(lis[-1].text)


def test_charts_are_inline_svg_with_their_numbers_as_text(seeds: Briefing) -> None:
    html = render_briefing_html(seeds)
    page = Page(html)
    svgs = page.all("svg")
    assert len(svgs) == len(seeds.articles) + 5  # voices per outlet + five rate charts
    assert all(s.attrs.get("role") == "img" for s in svgs)
    titles = "".join("".join(t.text) for t in page.all("title"))
    for a in _measures(seeds)["articles"]:
        for v in a["voices"][:4]:
            if v["quoted_words"]:
                assert f"{v['speaker']}: {100 * v['share']:.0f}%" in titles


# --- hostile input ----------------------------------------------------------------------------


def test_hostile_briefing_stays_text() -> None:
    b = hostile_briefing()
    html = render_briefing_html(b)
    page = assert_safe_page(html)
    assert page.all("svg")  # the tool's own charts are there
    text = "".join(page.by_id["report"].text)
    for payload in PAYLOADS:  # read as the same characters, never as markup
        assert payload in text, payload
    for url in HOSTILE_URLS[:3]:  # shown, never linked
        assert url in text
    hrefs = sorted(a.attrs["href"] for a in page.all("a") if not a.attrs["href"].startswith("#"))
    https = [a.url for a in b.articles if a.url and a.url.startswith("https:")]
    assert len(https) == 2 and hrefs == sorted(https * 2)  # source card + article header
    for anchor, sentence in sentence_texts(b).items():
        assert page.text_of(anchor) == sentence


def test_outlet_names_with_quotes_stay_inside_their_attribute() -> None:
    b = hostile_briefing()
    page = Page(render_briefing_html(b))
    titles = {
        th.attrs["data-article"]: th.attrs["title"]
        for th in page.all("th")
        if "title" in th.attrs and "data-article" in th.attrs
    }
    assert titles["A1"] == b.articles[0].label


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/a", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/x", False),
        ("file:///etc/passwd", False),
        ("https:", False),
        ("vbscript:x", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    assert (safe_href(url) is not None) is linked


def test_framing_command_writes_a_safe_page(tmp_path: Path) -> None:
    out = tmp_path / "framing.html"
    assert main(["framing", str(HOSTILE_DIR), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    page = assert_safe_page(html)
    for s in ("sources", "framing", "articles"):
        assert s in page.by_id
    articles = load_articles([HOSTILE_DIR]).articles
    assert html == render_framing_html(articles, compare_outlets(articles))
    text = "".join(page.by_id["report"].text)
    assert "javascript:window.__pwned='url'" in text  # the fixture's URL, shown as text
    # the computed contrasts come first, each outlet's with its evidence one click away
    contrasts = compare_outlets(articles).to_dict()["contrasts"]
    assert [o["article_id"] for o in contrasts] == [a.id for a in articles]
    for o in contrasts:
        assert f"contrasts-{o['article_id']}" in page.by_id
        for c in o["items"]:
            li = page.by_id[f"contrast-{c['id']}"]
            for a in links_in(li):
                assert a.attrs["href"][1:] in page.by_id
    assert html.index('id="framing-contrasts"') < html.index('id="framing-table"')


def test_brief_command_writes_html_with_the_partial_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .fake_servers import routing_server
    from .test_partial_briefing import INVALID, _brief, _router

    out = tmp_path / "brief.html"
    with routing_server(_router({"A2": INVALID})) as (url, _):
        code, _, _ = _brief(tmp_path, capsys, url, "--format", "html", "-o", str(out))
    assert code == PARTIAL_EXIT_CODE
    page = assert_safe_page(out.read_text(encoding="utf-8"))
    text = "".join(page.by_id["report"].text)
    assert "Partial briefing" in text and "not briefed: A2" in text
