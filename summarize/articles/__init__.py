"""Articles: the model, loading from files and feeds, cleaning and segmentation."""

from summarize.articles.model import Article, OffsetMap, RemovedBlock, Sentence, Span

__all__ = ["Article", "OffsetMap", "RemovedBlock", "Sentence", "Span"]
