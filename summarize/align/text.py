"""The text layer as alignment uses it: names, content words, numbers and comparable wording
all come from `summarize.text` (one tokenizer, stop list, stemmer and name reader everywhere)."""

from __future__ import annotations

from summarize.text.names import names_in
from summarize.text.tokens import comparable
from summarize.verify import content_words, normalise, numbers_in

__all__ = ["comparable", "content_words", "names_in", "normalise", "numbers_in"]
