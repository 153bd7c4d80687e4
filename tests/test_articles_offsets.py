"""Property tests: whatever cleaning does, clean offsets map back to the same text in the source."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.articles.article import Article
from summarize.articles.build import build_article
from summarize.articles.formats import parse_markdown, parse_text
from summarize.errors import InputError

# Characters that normalisation leaves alone, so every non-space clean character must be the very
# character at its source offset; whitespace is collapsed, so it maps to some whitespace.
# (No "€", "é", "ß", "ü": next to cp1252 punctuation they spell UTF-8 mojibake — "ß€" is "߀",
# "é”‘" is "锑" — which ftfy repairs, mapped into the run it replaced but not equal to it.)
_SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"-()%$ö“”‘’—"
_SPACE = [" ", "  ", "\t", "\u00a0", " \u200b"]
_BREAK = ["\n", "\r\n", "\n\n", "\n \n\t\n"]
_BOILERPLATE = [
    "Advertisement",
    "Share this article",
    "Subscribe to our newsletter",
    "Facebook | Twitter",
    "We use cookies to improve your experience. Accept all",
]

words = st.text(alphabet=_SAFE, min_size=1, max_size=12)
lines = st.lists(st.tuples(words, st.sampled_from(_SPACE)), min_size=1, max_size=14).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
documents = (
    st.lists(
        st.one_of(lines, lines, lines, st.sampled_from(_BOILERPLATE)),
        min_size=1,
        max_size=12,
    )
    .flatmap(
        lambda ls: st.tuples(
            st.just(ls), st.lists(st.sampled_from(_BREAK), min_size=len(ls), max_size=len(ls))
        )
    )
    .map(lambda pair: "".join(line + brk for line, brk in zip(*pair, strict=True)))
)

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _build(source: str, markdown: bool = False) -> Article | None:
    parsed = parse_markdown(source, "x.md") if markdown else parse_text(source)
    try:
        return build_article(parsed, source="x")
    except InputError:
        return None  # nothing left after cleaning: a clear error, not a mapping question


def _check_maps_back(article: Article, source: str) -> None:
    previous = -1
    for i, ch in enumerate(article.text):
        at = article.source_offset(i)
        assert 0 <= at < len(source)
        assert at >= previous  # order is kept: no text moves
        previous = at
        if ch.isspace():
            assert source[at].isspace() or source[at] in "\u200b" or i > 0
        else:
            assert source[at] == ch, (i, ch, source[at])


@SETTINGS
@given(documents)
def test_every_clean_character_maps_to_itself_in_the_source(source: str) -> None:
    article = _build(source)
    if article is not None:
        _check_maps_back(article, source)


@SETTINGS
@given(documents)
def test_every_sentence_maps_to_its_source_span(source: str) -> None:
    article = _build(source)
    if article is None:
        return
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        start, end = article.source_span(sentence.start, sentence.end)
        # a hard-wrapped paragraph may close over a removed line: leave that out
        removed = {
            i for block in article.removed for i in range(block.source_start, block.source_end)
        }
        raw = "".join(ch for i, ch in enumerate(source[start:end], start) if i not in removed)
        assert " ".join(raw.replace("\u200b", "").split()) == sentence.text


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "# ", "- ", "> "]), lines, st.sampled_from(["", "**", "_", "`"])
        ),
        min_size=1,
        max_size=8,
    )
)
def test_markdown_markup_removal_keeps_the_map(parts: list[tuple[str, str, str]]) -> None:
    source = "\n\n".join(
        f"{prefix}{mark}{text.strip() or 'x'}{mark}" for prefix, text, mark in parts
    )
    article = _build(source, markdown=True)
    if article is not None:
        _check_maps_back(article, source)


@SETTINGS
@given(st.text(min_size=1, max_size=400))
def test_any_text_either_loads_with_offsets_in_range_or_fails_clearly(source: str) -> None:
    article = _build(source)
    if article is None:
        return
    for i in range(len(article.text)):
        assert 0 <= article.source_offset(i) < len(source)
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
