"""Untrusted text in every Markdown output: rendered by two real renderers with raw HTML on,
an article's title, outlet, file name or sentence never becomes a live element, a link or
table structure, and it still reads as the same characters.

Hostile objects are built directly (not through the loader, which also cleans metadata) so the
renderers themselves are what is tested; the fixture folder exercises the commands end to end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summarize.align import Alignment, ClaimCluster, ClaimRef
from summarize.align.alignment import Conflict, Version
from summarize.articles import Article, DuplicateGroup, InputProblem, LoadResult
from summarize.brief.briefing import Briefing, CitedSentence, OutletFraming, Rejected
from summarize.brief.findings import find
from summarize.brief.matrix import fact_matrix
from summarize.brief.what_happened import what_happened
from summarize.cli import main
from summarize.commands.articles import render_markdown
from summarize.digest import Digest, QuoteItem
from summarize.framing import compare_outlets
from summarize.framing.analyze import ArticleFraming, Voice
from summarize.framing.compare import FramingComparison
from summarize.framing.headline import HeadlineCheck
from summarize.framing.sentiment import ActorTone
from summarize.framing.verbs import VerbUse
from summarize.framing.wording import Flag
from summarize.llm.session import Usage
from summarize.render.brief_md import render_briefing
from summarize.render.digest_md import render_digest
from summarize.render.framing_md import comparison_markdown
from summarize.render.markdown_escape import cell, code, inline
from summarize.text.quote_rules import Quote
from summarize.verify import CheckedClaim

HOSTILE_DIR = Path(__file__).parent / "fixtures" / "hostile"

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<b onmouseover=alert(1)>x</b>",
    "[x](javascript:alert(1))",
    "![i](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<http://evil.example/>",
    "http://evil.example/p",
    "www.evil.example",
    "mail@evil.example",
    "`tick` ``two`` ```",
    "a | b | c",
    "</details>",
    "&lt;script&gt; &amp;",
    "*em* _em_ __strong__ **strong**",
    "[ref]: javascript:alert(1)",
    "\\",
]
# Newlines and line-start markers: each would end a row or open a block if it got through.
LINE_BREAKERS = (
    "\n# heading\n- item\n+ item\n1. one\n2) two\n> quote\n---\n===\n~~~\n    code\n|---|"
)
HOSTILE = " ".join(PAYLOADS) + LINE_BREAKERS
# The tool writes no links of its own: any <a> is article data that came alive.
TOOL_LINKS: frozenset[str] = frozenset()

# Elements the tool's own Markdown produces; anything else came from the data.
SAFE_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tr th td em strong code "
    "blockquote details summary br".split()
)
_ALIGN_STYLE = re.compile(r"text-align:\s*(left|right|center);?")


def _column_alignment(tag: str, name: str, value: str) -> bool:
    """The one attribute a pipe table legitimately carries: `---:` right-aligns a column."""
    if tag not in ("td", "th"):
        return False
    return (name == "style" and bool(_ALIGN_STYLE.fullmatch(value))) or (
        name == "align" and value in ("left", "right", "center")
    )


def _renderers() -> dict[str, MarkdownIt | markdown.Markdown]:
    return {
        "markdown-it": MarkdownIt("commonmark", {"html": True}).enable("table"),
        "python-markdown": markdown.Markdown(extensions=["tables"]),
    }


def render(md: str) -> dict[str, str]:
    out = {}
    for name, renderer in _renderers().items():
        out[name] = (
            renderer.render(md) if isinstance(renderer, MarkdownIt) else renderer.convert(md)
        )
    return out


class Audit(HTMLParser):
    """Elements, attributes, table shapes and visible text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.tables: list[list[int]] = []  # cells per row, header row first
        self.codes: list[str] = []
        self.text: list[str] = []
        self.raw_block_text: list[str] = []  # inside <details>: python-markdown keeps it raw
        self._details = 0
        self._code: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in SAFE_TAGS and tag != "a":
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            elif tag == "a" and name == "href":
                if value not in TOOL_LINKS or not v.startswith(("http://", "https://")):
                    self.problems.append(f"link to {value!r}")
            elif not _column_alignment(tag, name, v):
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            if "javascript:" in re.sub(r"\s", "", v):
                self.problems.append(f"javascript: in {name} on <{tag}>")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append(0)
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1] += 1
        elif tag == "details":
            self._details += 1
        elif tag == "code":
            self._code = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self._details -= 1
        elif tag == "code" and self._code is not None:
            self.codes.append("".join(self._code))
            self._code = None

    def handle_data(self, data: str) -> None:
        (self.raw_block_text if self._details else self.text).append(data)
        if self._code is not None:
            self._code.append(data)

    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def audit(html: str) -> Audit:
    a = Audit()
    a.feed(html)
    a.close()
    return a


def markdown_table_shapes(md: str) -> list[list[int]]:
    """Cells per row of every pipe table in the Markdown source (escaped pipes do not count)."""
    tables: list[list[int]] = []
    previous_in_table = False
    for line in md.splitlines():
        in_table = line.startswith("|")
        if in_table:
            if not previous_in_table:
                tables.append([])
            tables[-1].append(re.sub(r"\\.", "", line).count("|") - 1)
        previous_in_table = in_table
    return tables


def assert_safe(md: str, *, expect_tables: int = 0) -> dict[str, Audit]:
    shapes = markdown_table_shapes(md)
    assert len(shapes) == expect_tables, shapes
    for rows in shapes:
        assert len(set(rows)) == 1, f"a row has a different number of cells: {rows}"
    audits = {}
    for name, html in render(md).items():
        a = audit(html)
        assert not a.problems, (name, a.problems, html)
        assert len(a.tables) == expect_tables, (name, a.tables)
        for rows in a.tables:
            assert len(set(rows)) == 1, (name, rows)
        assert a.tags.count("h1") <= 1, (name, "a second top-level heading appeared")
        audits[name] = a
    return audits


def assert_readable(audits: dict[str, Audit], *needles: str) -> None:
    """Each hostile string reads as itself (same characters), and no escape shows through."""
    for name, a in audits.items():
        text = a.visible()
        for needle in needles:
            assert " ".join(needle.split()) in text, (name, needle, text)
        assert "&#" not in text and "\\*" not in text and "\\[" not in text, (name, text)


# --- hostile objects --------------------------------------------------------------------------

TEXT = (
    "The council shut the harbour bridge on Monday after engineers found cracks. "
    f"Officials said the closure was {HOSTILE}. "
    "Critics claimed the closure was a disaster and slammed the report as a hoax."
)


def hostile_article(article_id: str, source: str = "news/evil`name``x|y.md") -> Article:
    """An article whose metadata is raw: the renderers must not rely on the loader's cleaning
    (Article cleans its fields when built, so they are set again afterwards)."""
    article = Article.from_text(article_id, TEXT, source=source)
    for name in ("outlet", "title", "published", "lean"):
        object.__setattr__(article, name, HOSTILE)
    return article


def hostile_digest(article: Article) -> Digest:
    s0, s1 = article.sentences[0], article.sentences[1]
    return Digest(
        article=article,
        summary=HOSTILE,
        summary_warnings=[HOSTILE],
        claims=[
            CheckedClaim(HOSTILE, "verified", s1, 1.0),
            CheckedClaim("The council shut the harbour bridge on Monday.", "relocated", s0, 0.9),
            CheckedClaim(HOSTILE, "unverified", None, 0.0, reason=HOSTILE),
        ],
        quotes=[QuoteItem(HOSTILE, HOSTILE, s1.start, s1.end, s1.index, "direct")],
        actors=[HOSTILE, "Jane Smith"],
        dropped_actors=[HOSTILE],
    )


def hostile_framing(article_id: str) -> ArticleFraming:
    return ArticleFraming(
        id=article_id,
        outlet=HOSTILE,
        title=HOSTILE,
        supported=True,
        words=40,
        quotes=[Quote(HOSTILE, 0, 5, HOSTILE, "said", 0, "direct")],
        voices=[Voice(HOSTILE, HOSTILE, 1, 0, 12, 1.0, {"neutral": 1})],
        sides={HOSTILE: 1.0},
        first_speaker=HOSTILE,
        verbs=[VerbUse(HOSTILE, 0, 5, "claim", "claim", True, 0)],
        wording=[Flag(HOSTILE, 0, 5, 0, ("loaded", "emotive"), -1.0, False)],
        actors=[ActorTone(HOSTILE, 2, -0.5, (0,))],
        headline=HeadlineCheck(HOSTILE, 0.5, (HOSTILE,), (HOSTILE,), (HOSTILE,), 0.0, 0.0, HOSTILE),
    )


def hostile_comparison() -> FramingComparison:
    unscored = ArticleFraming(id="A3", outlet=HOSTILE, title=None, supported=False, reason=HOSTILE)
    return FramingComparison([hostile_framing("A1"), hostile_framing("A2"), unscored], [HOSTILE])


def hostile_briefing() -> Briefing:
    articles = [hostile_article(f"A{n}") for n in (1, 2, 3)]
    digests = [hostile_digest(a) for a in articles]
    c1, c2, c3 = (d.claims[0] for d in digests)
    s1, s2 = articles[0].sentences[1], articles[1].sentences[1]
    alignment = Alignment(
        clusters=[
            ClaimCluster("F1", [ClaimRef("A1", c1), ClaimRef("A2", c2)], ["A1", "A2"]),
            ClaimCluster("F2", [ClaimRef("A3", c3)], ["A3"]),
        ],
        conflicts=[
            Conflict(
                "D1",
                "number",
                HOSTILE,
                [Version(HOSTILE, ("A1",), (s1,)), Version("x | y", ("A2",), (s2,))],
            )
        ],
        candidate_pairs=1,
        judged_pairs=0,
    )
    return Briefing(
        articles=articles,
        digests=digests,
        alignment=alignment,
        min_support=2,
        consensus=[CitedSentence(HOSTILE, ("F1",), ("A1", "A2"), 1.0)],
        consensus_fallback=False,
        framing_narrative=[OutletFraming("A1", HOSTILE)],
        framing=hostile_comparison(),
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
        },
    )


# --- every output -----------------------------------------------------------------------------


def test_briefing_markdown_has_no_live_html_and_whole_rows() -> None:
    b = hostile_briefing()
    assert b.articles[0].title == HOSTILE  # raw, as if no loader had cleaned it
    md = render_briefing(b)
    # tables: who reports what, disagreements, framing comparison, actor tone
    audits = assert_safe(md, expect_tables=4)
    assert_readable(audits, *PAYLOADS, "x | y")
    for name, a in audits.items():
        assert a.tags.count("details") == 1, name  # an article's </details> closed nothing
        assert "news/evil`name``x|y.md" in a.codes, (name, a.codes)


def test_names_only_one_article_mentions_are_inert() -> None:
    """The "Named in one article only" list shows an article's own names and sentence."""
    b = hostile_briefing()
    own = TEXT + f" Mayor Quill_Evans__Star said the repairs cost $9 million, {HOSTILE}."
    articles = [Article.from_text("A1", own, source=b.articles[0].source), *b.articles[1:]]
    b = replace(b, articles=articles, findings=find(articles, b.alignment, {}, b.min_support))
    assert [t for d in b.named_only_in()["A1"] for t in d.terms] == [
        "Mayor Quill_Evans__Star",
        "$9 million",
    ]
    md = render_briefing(b)
    assert "Named in one article only" in md
    audits = assert_safe(md, expect_tables=4)
    assert_readable(audits, "Quill_Evans__Star", *PAYLOADS)


def test_briefing_inside_details_stays_inert_in_python_markdown() -> None:
    """python-markdown passes a <details> block through raw: only entities protect it there."""
    md = render_briefing(hostile_briefing())
    html = render(md)["python-markdown"]
    inside = html[html.index("<details>") : html.index("</details>")]
    assert "<script" not in inside and "&lt;script&gt;" in inside


def test_one_article_briefing_is_safe() -> None:
    b = hostile_briefing()
    one = b.articles[:1]
    b = replace(
        b, articles=one, digests=b.digests[:1], alignment=None, findings=find(one, None, {}, 2)
    )
    audits = assert_safe(render_briefing(b), expect_tables=2)
    assert_readable(audits, *PAYLOADS)


def test_digest_markdown_is_safe_and_the_file_name_is_one_code_span() -> None:
    digest = hostile_digest(hostile_article("A1"))
    usage = Usage()
    usage.templates = {HOSTILE: HOSTILE}
    md = render_digest(digest, usage, HOSTILE)
    audits = assert_safe(md)
    assert_readable(audits, *PAYLOADS)
    for name, a in audits.items():
        assert a.codes == ["news/evil`name``x|y.md"], (name, a.codes)


@pytest.mark.parametrize("source", ["`", "``", "`lead", "trail`", "a```b", " spaced ", "x|y"])
def test_any_backticks_in_a_file_name_keep_one_code_span(source: str) -> None:
    md = render_digest(hostile_digest(hostile_article("A1", source=source)))
    for name, a in assert_safe(md).items():
        assert a.codes == [source.strip()], (name, a.codes)


def test_framing_markdown_is_safe() -> None:
    md = comparison_markdown(hostile_comparison())
    audits = assert_safe(md, expect_tables=2)
    assert_readable(audits, *PAYLOADS)


def test_framing_from_hostile_article_objects_is_safe() -> None:
    """The measured path: speakers, actors and flagged words come from the hostile text."""
    md = comparison_markdown(compare_outlets([hostile_article("A1"), hostile_article("A2")]))
    assert len(markdown_table_shapes(md)) >= 1
    assert_safe(md, expect_tables=len(markdown_table_shapes(md)))
    assert "| A1 |" in md and "| A2 |" in md


def test_articles_table_is_safe() -> None:
    a1 = hostile_article("A1")
    a2 = hostile_article("A2", source="plain.txt")
    result = LoadResult(
        articles=[a1, a2],
        problems=[InputProblem(HOSTILE, HOSTILE)],
        duplicates=[DuplicateGroup(("A1", "A2"), "A1", 0.97)],
    )
    md = render_markdown(result, verbose=False)
    audits = assert_safe(md, expect_tables=1)
    assert_readable(audits, *PAYLOADS, "news/evil`name``x|y.md")


def test_commands_on_the_hostile_fixture_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "-v", str(HOSTILE_DIR)]) == 0
    md = capsys.readouterr().out
    audits = assert_safe(md, expect_tables=1)
    assert_readable(audits, "hostile`tick.md", "Bridge *shut* |", "[x](javascript:alert(1))")
    for name, a in audits.items():
        assert len(a.tables[0]) == 3, (name, a.tables)  # header + the two fixture articles
    assert main(["framing", str(HOSTILE_DIR)]) == 0
    md = capsys.readouterr().out
    assert_safe(md, expect_tables=len(markdown_table_shapes(md)))
    assert len(markdown_table_shapes(md)) >= 1


# --- the escaping functions themselves --------------------------------------------------------


def _one_line(text: str) -> str:
    """What a reader should see: white space folded, control characters shown as U+FFFD."""
    control = {c for c in text if unicodedata.category(c) == "Cc" and not c.isspace()}
    return " ".join("".join("\ufffd" if c in control else c for c in text).split())


def _paragraph_text(md: str) -> dict[str, Audit]:
    audits = {}
    for name, html in render(md).items():
        a = audit(html)
        assert not a.problems, (name, a.problems, html)
        assert set(a.tags) <= {"p", "code"}, (name, a.tags, html)
        audits[name] = a
    return audits


# Random text rarely spells Markdown: mix in the pieces hostile text is made of.
_PIECES = [*"<>&[]()!*_`#|\\-+=~:./@ \n\t\r\x00\u2028", "a", "B", "1", "12.", "javascript:"]
_PIECES += ["http://", "www.", "x.y", "onerror=", "&amp;", "&#58;", "<a href=", "</details>"]
MARKDOWNISH = st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(MARKDOWNISH)
def test_inline_text_reads_as_itself(text: str) -> None:
    expected = _one_line(text)
    for name, a in _paragraph_text("x " + inline(text)).items():
        assert a.visible() == " ".join(("x " + expected).split()), name
        assert "code" not in a.tags, name


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
@example("~~~ fence")
@example("``` fence")
@example("---")
@example("***")
@example("___")
@example("- - -")
@example("1. one")
@example("2) two")
@example("# heading")
@example("> quote")
@example("+ item")
@example("    indented code")
@example("<div onclick=x>")
@example("[r]: /url")
@example("| a | b |")
def test_inline_text_opens_no_block_at_line_start(text: str) -> None:
    """As a paragraph of its own and as a list item: no heading, list, quote, rule or code."""
    expected = _one_line(text)
    for name, a in _paragraph_text(inline(text)).items():
        assert a.visible() == expected, name
    for name, html in render("- " + inline(text)).items():
        a = audit(html)
        assert not a.problems and a.tags.count("li") == 1, (name, a.tags, html)
        assert set(a.tags) <= {"ul", "li"}, (name, a.tags, html)
        assert a.visible() == expected, name


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH, MARKDOWNISH)
@example("- 5%", "1. one")
@example("~~~", "> q")
@example("---", "|---|")
def test_cells_keep_their_row(left: str, right: str) -> None:
    md = f"| a | b |\n|---|---|\n| {cell(left)} | {cell(right)} |\n"
    for name, html in render(md).items():
        a = audit(html)
        assert not a.problems, (name, a.problems)
        assert a.tables == [[2, 2]], (name, a.tables, html)
        assert set(a.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}, (name, a.tags)
        assert " ".join(a.visible().split()) == " ".join(
            f"a b {_one_line(left)} {_one_line(right)}".split()
        ), name
    assert markdown_table_shapes(md) == [[2, 2, 2]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("`ab <>&|\\*_[]\n ")))
def test_code_span_holds_any_backticks(text: str) -> None:
    expected = _one_line(text)
    audits = _paragraph_text("file " + code(text))
    for name, a in audits.items():
        assert a.codes == ([expected] if expected else []), (name, a.codes)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "see http://evil.example/x",
        "https://evil.example",
        "ftp://evil.example",
        "data:text/html,x",
        "www.evil.example",
        "mail me at someone@evil.example",
    ],
)
def test_bare_urls_are_not_urls_in_the_source(text: str) -> None:
    """GitHub-style renderers autolink bare URLs in text; the escaped source spells none."""
    out = inline(text)
    assert not re.search(r"(?i)\b[a-z][a-z0-9+.-]*:|www\.|\w@\w", out), out
    for name, a in _paragraph_text(out).items():
        assert a.visible() == text, name


def test_ordinary_text_is_unchanged() -> None:
    for text in (
        "The council approved a 40 million euro budget on Monday.",
        "Mayor Maria Okafor said the council “cannot take any risk”.",
        "bridge_post.html",
        "Ferries will run every twenty minutes (until 3 June).",
        "Prices rose 4.5% - the highest since 2019!",
    ):
        assert inline(text) == text
    assert inline("Fish & chips, 3 < 4") == "Fish &amp; chips, 3 &lt; 4"
    assert cell("Live | BBC News") == "Live \\| BBC News"
    assert cell("-5% on 1. June") == "-5% on 1. June"  # a cell opens no list: left readable
    assert code("a.txt") == "`a.txt`"
