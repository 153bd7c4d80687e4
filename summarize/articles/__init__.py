"""Articles: the model, loading from files and feeds, cleaning and segmentation.

    load_articles(paths, *, skip_bad=False, max_chars=200_000, allow_outside=False) -> LoadResult
    load_article(path, article_id="A1") -> Article

Implementation modules are private; this is the API.
"""

from summarize.articles.article import Article, OffsetMap, RemovedBlock
from summarize.articles.load import FORMATS, load_article, load_articles
from summarize.articles.result import DuplicateGroup, InputProblem, LoadResult
from summarize.articles.sentence import Sentence, Span

__all__ = [
    "FORMATS",
    "Article",
    "DuplicateGroup",
    "InputProblem",
    "LoadResult",
    "OffsetMap",
    "RemovedBlock",
    "Sentence",
    "Span",
    "load_article",
    "load_articles",
]
