"""The HTML report without a browser: parsed with html.parser, the page holds no script, a strict
CSP whose style hash matches the one stylesheet, every section, every citation resolving to its
sentence's exact text, one matrix row per fact; hostile article text and metadata stay text.

The seeds briefing is replayed from cassettes/brief_seeds.yaml (real recordings); the CLI test
uses the SYNTHETIC routing server."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vcr

from summarize.align import Alignment, ClaimCluster, ClaimRef
from summarize.align.model import Conflict, Version
from summarize.articles import Article, load_articles
from summarize.brief import Briefing, build_briefing
from summarize.brief.model import CitedSentence, OutletFraming, Rejected
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
        framing_table=comparison.to_dict(),
        framing_markdown=comparison.to_markdown(),
        rejected=[Rejected("consensus", HOSTILE, HOSTILE, "A1"), Rejected("claim", HOSTILE, "x")],
        duplicates=[],
        canonical={},
        problems=[HOSTILE],
        provenance={
            "backend": {"name": HOSTILE, "kind": "openai", "model": HOSTILE},
            "templates": {"digest": HOSTILE},
            "calls": 3,
        },
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    return seeds_briefing(tmp_path_factory.mktemp("seeds-cache"))


# --- reading the page back --------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


class Page(HTMLParser):
    """Every element with its attributes and the text inside it (nested text included)."""

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
    return {f"{a.id}-S{s.index + 1}": s.text for a in b.articles for s in a.sentences}


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
    assert columns == seeds.article_ids
    rows = [tr.attrs["data-fact"] for tr in page.all("tr") if "data-fact" in tr.attrs]
    assert sorted(rows) == sorted(c.id for c in seeds.alignment.clusters)
    supports = {c.id: c.support for c in seeds.alignment.clusters}
    assert [supports[r] for r in rows] == sorted(supports.values(), reverse=True)
    # carries = cluster members; "left out" only where the briefing lists an omission
    cells = [
        td for td in page.all("td") if td.attrs.get("class") in ("carries", "absent", "omitted")
    ]
    carried = {(m.article_id, c.id) for c in seeds.alignment.clusters for m in c.members}
    assert sum(td.attrs["class"] == "carries" for td in cells) == len(carried)
    omitted = sum(len(v) for v in seeds.omissions().values())
    assert sum(td.attrs["class"] == "omitted" for td in cells) == omitted
    assert len(cells) == len(rows) * len(columns)


def test_charts_are_inline_svg_with_their_numbers_as_text(seeds: Briefing) -> None:
    html = render_briefing_html(seeds)
    page = Page(html)
    svgs = page.all("svg")
    assert len(svgs) == len(seeds.articles) + 5  # voices per outlet + five rate charts
    assert all(s.attrs.get("role") == "img" for s in svgs)
    titles = "".join("".join(t.text) for t in page.all("title"))
    for a in (seeds.framing_table or {})["articles"]:
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
    assert html == render_framing_html(articles, compare_outlets(articles).to_dict())
    text = "".join(page.by_id["report"].text)
    assert "javascript:window.__pwned='url'" in text  # the fixture's URL, shown as text


def test_brief_command_writes_html_with_the_partial_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .synthetic_router import routing_server
    from .test_partial_briefing import INVALID, _brief, _router

    out = tmp_path / "brief.html"
    with routing_server(_router({"A2": INVALID})) as (url, _):
        code, _, _ = _brief(tmp_path, capsys, url, "--format", "html", "-o", str(out))
    assert code == PARTIAL_EXIT_CODE
    page = assert_safe_page(out.read_text(encoding="utf-8"))
    text = "".join(page.by_id["report"].text)
    assert "Partial briefing" in text and "not briefed: A2" in text
