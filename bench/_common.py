"""Shared by the bench scripts: report tables, a metering proxy, synthetic articles, and the
quote/citation checks applied to every method's output. The SYNTHETIC OpenAI-compatible server is
tests/fake_servers.py's `synthetic_server` (one fake server for tests and benches).

Everything here listens on 127.0.0.1 only.
"""

from __future__ import annotations

import csv
import json
import random
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from summarize.articles import Article, LoadResult
from summarize.verify import locate, support

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "bench" / "out"

# --------------------------------------------------------------------------------------------
# Reports


def markdown_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    def cell(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def write_report(
    name: str,
    title: str,
    command: str,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    notes: Sequence[str] = (),
    meta: dict[str, Any] | None = None,
    out_dir: Path = OUT_DIR,
) -> str:
    """bench/out/<name>.md, .json and .csv; returns (and prints) the Markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = "\n".join(
        [
            f"# {title}",
            "",
            "```bash",
            command,
            "```",
            "",
            markdown_table(columns, rows),
            "",
            *[f"- {n}" for n in notes],
            "",
        ]
    )
    (out_dir / f"{name}.md").write_text(text, encoding="utf-8")
    (out_dir / f"{name}.json").write_text(
        json.dumps(
            {"title": title, "command": command, "meta": meta or {}, "rows": list(rows)},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with (out_dir / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(text, flush=True)
    return text


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), which includes an in-process model."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# Metering proxy: every method's traffic goes through the same meter, so calls and tokens are
# counted the same way for the tool, the naive baseline and LangChain.


@dataclass
class CallRecord:
    prompt_tokens: int
    cached_tokens: int  # prompt tokens the server did not evaluate (prefix / KV cache)
    completion_tokens: int
    finish_reason: str | None
    seconds: float
    drafted: int = 0  # speculative decoding: tokens proposed (llama.cpp timings.draft_n)
    draft_accepted: int = 0  # of which the model kept (timings.draft_n_accepted)


def cached_tokens_of(response: dict[str, Any]) -> int:
    """OpenAI-style usage.prompt_tokens_details.cached_tokens, else llama.cpp timings.cache_n."""
    usage = response.get("usage") or {}
    details = usage.get("prompt_tokens_details") or {}
    if details.get("cached_tokens"):
        return int(details["cached_tokens"])
    timings = response.get("timings") or {}
    if "cache_n" in timings:
        return int(timings["cache_n"] or 0)
    if "prompt_n" in timings:  # evaluated prompt tokens only: the rest came from the cache
        return max(0, int(usage.get("prompt_tokens") or 0) - int(timings["prompt_n"]))
    return 0


@dataclass
class Meter:
    records: list[CallRecord] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mark(self) -> int:
        with self.lock:
            return len(self.records)

    def since(self, mark: int) -> dict[str, int]:
        with self.lock:
            done = self.records[mark:]
        return {
            "calls": len(done),
            "prompt_tokens": sum(r.prompt_tokens for r in done),
            "evaluated_prompt_tokens": sum(r.prompt_tokens - r.cached_tokens for r in done),
            "completion_tokens": sum(r.completion_tokens for r in done),
            "cut_at_max_tokens": sum(r.finish_reason == "length" for r in done),
        }


@contextmanager
def metering_proxy(upstream: str, meter: Meter, timeout: float = 1800.0) -> Iterator[str]:
    """A pass-through on 127.0.0.1 in front of `upstream` (an OpenAI-compatible base URL) that
    records usage from each raw response, including llama.cpp's `timings`, which the openai and
    LangChain clients do not surface. Yields the base URL to give the clients."""
    up = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        def _forward(self, method: str) -> None:
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length) if length else None
            headers = {
                k: v
                for k, v in self.headers.items()
                if k.lower() in ("content-type", "authorization", "accept")
            }
            request = urllib.request.Request(
                f"{up.scheme}://{up.netloc}{self.path}", data=body, headers=headers, method=method
            )
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    status, data = response.status, response.read()
                    ctype = response.headers.get("content-type", "application/json")
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
                ctype = exc.headers.get("content-type", "application/json")
            if method == "POST" and status == 200 and self.path.endswith("/chat/completions"):
                _record(data, time.monotonic() - started)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            self._forward("POST")

        def do_GET(self) -> None:
            self._forward("GET")

        def log_message(self, *args: Any) -> None:
            pass

    def _record(data: bytes, seconds: float) -> None:
        try:
            response = json.loads(data)
        except ValueError:
            return
        usage = response.get("usage") or {}
        choices = response.get("choices") or [{}]
        record = CallRecord(
            int(usage.get("prompt_tokens") or 0),
            cached_tokens_of(response),
            int(usage.get("completion_tokens") or 0),
            choices[0].get("finish_reason"),
            seconds,
            int((response.get("timings") or {}).get("draft_n") or 0),
            int((response.get("timings") or {}).get("draft_n_accepted") or 0),
        )
        with meter.lock:
            meter.records.append(record)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{up.path}"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------------------------
# SYNTHETIC articles: made-up towns, people and numbers, deterministic for a seed.

_TOWNS = [
    "Northvale",
    "Eastbrook",
    "Marrow Bay",
    "Kestrel Point",
    "Lindenford",
    "Oakhollow",
    "Silverpine",
    "Greywater",
    "Ashcombe",
    "Redmere",
    "Thornfield",
    "Willowmere",
]
_PEOPLE = [
    "Mara Quint",
    "Tobias Ferrow",
    "Ilse Varnay",
    "Dorian Pell",
    "Nadia Okonte",
    "Ruben Sallow",
    "Petra Lindqvist",
    "Oren Blackwood",
    "Celia Marsh",
    "Hugo Trent",
]
_ROLES = [
    "the mayor",
    "a council member",
    "the city engineer",
    "a local shop owner",
    "the regional planner",
    "a resident",
    "the budget officer",
    "an opposition leader",
]
_VERBS = ["said", "told reporters", "argued", "noted", "warned", "added"]
_TOPICS = [
    "the river wall",
    "the pumping station",
    "the school roof",
    "the ferry pier",
    "the north road",
    "the water mains",
    "the sports hall",
    "the harbour lights",
]
SHARED_FACT = (
    "The Northvale council approved a 12 million dollar flood barrier on Tuesday "
    "after a three hour meeting."
)


def synthetic_articles(n: int, *, seed: int = 7, sentences: int = 12) -> LoadResult:
    """`n` distinct made-up articles; each opens with the same shared fact (so the briefing has a
    consensus), the rest differs per article."""
    articles = []
    for i in range(1, n + 1):
        rng = random.Random(seed * 100_003 + i)
        lines = [SHARED_FACT]
        for k in range(sentences - 1):
            person, role = rng.choice(_PEOPLE), rng.choice(_ROLES)
            topic, town = rng.choice(_TOPICS), rng.choice(_TOWNS)
            amount = rng.randint(2, 900) * 1000 + i * 7 + k
            lines.append(
                f"{person}, {role} of {town}, {rng.choice(_VERBS)} that repairs to "
                f"{topic} would cost {amount} dollars and take {rng.randint(2, 40)} "
                f"weeks."
            )
        articles.append(
            Article.from_sentences(
                f"A{i}",
                lines,
                source=f"synthetic:{seed}:{i}",
                outlet=f"Synthetic Outlet {i}",
                title=f"{rng.choice(_TOWNS)} report {i}: council backs flood barrier",
            )
        )
    return LoadResult(articles=articles)


# --------------------------------------------------------------------------------------------
# Verification of any method's output text, the same rules for every method.

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{3,500})[\"”]")
_CITE = re.compile(r"\[\s*(A\d+(?:\s*(?:,|and|&)\s*A\d+)*)\s*\]")
_SEGMENT_END = re.compile(r"(?<=[.!?;])\s+(?!\[)|\n+")  # "text. [A1]" stays one segment
# Markdown, bullets, list numbers ("1."), fact ids and evidence labels are not claim words
_MARKUP = re.compile(r"[*_`>#|]+|^\s*(?:[-•]|\d+[.)])\s+|\bF\d+\b|\bA\d+ S\d+:")


# A section that lists output the method itself rejected (the tool's "## Unverified (not used
# above)") is not presented as verified content, so it is not scored.
_UNVERIFIED_SECTION = re.compile(
    r"^##\s+(?:Unverified|Not verified)\b.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL | re.IGNORECASE
)


@dataclass
class Verification:
    quotes: int = 0
    quotes_verbatim: int = 0
    citations: int = 0
    citations_supported: int = 0

    @staticmethod
    def rate(ok: int, total: int) -> str:
        return f"{ok}/{total} ({ok / total:.0%})" if total else "0/0"

    def as_row(self) -> dict[str, Any]:
        return {
            "quotes verbatim": self.rate(self.quotes_verbatim, self.quotes),
            "citations supported": self.rate(self.citations_supported, self.citations),
        }


def verify_output(text: str, articles: Sequence[Article]) -> Verification:
    """Quotes: text in quotation marks (3+ words) found verbatim (after normalising whitespace
    and quote marks) in some article. Citations: each `[A1, A3]` marker's cited articles must
    each carry the text it follows (some sentence with support >= 0.6, the claim bar)."""
    by_id = {a.id: a for a in articles}
    result = Verification()
    text = _UNVERIFIED_SECTION.sub("", text)
    for match in _QUOTED.finditer(text):
        quote = match.group(1).strip()
        if len(quote.split()) < 3:
            continue  # single words in quotes are scare quotes or names, not quotations
        result.quotes += 1
        if any((found := locate(quote, a)) is not None and found.exact for a in articles):
            result.quotes_verbatim += 1
    for segment in _SEGMENT_END.split(text):
        markers = list(_CITE.finditer(segment))
        if not markers:
            continue
        claim = _CITE.sub(" ", segment)
        claim = claim.rsplit(": ", 1)[-1] if ": " in claim else claim  # drop "label: " lead-ins
        claim = _MARKUP.sub(" ", claim).strip()
        for marker in markers:
            for aid in re.findall(r"A\d+", marker.group(1)):
                result.citations += 1
                article = by_id.get(aid)
                if (
                    article
                    and claim
                    and max((support(claim, s.text) for s in article.sentences), default=0.0) >= 0.6
                ):
                    result.citations_supported += 1
    return result


_SYLLABLES = "ka lo ren vis ta med po run del mi sa tor bel an qui fe dor lu ne gra".split()


def _pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def distinct_articles(n: int, *, seed: int = 11, sentences: int = 4) -> LoadResult:
    """`n` short made-up articles that share no fact: each sentence names its own people,
    places and things (pseudo-words), in a frame of English function words and a reporting
    verb, one sentence in four a quotation. For scale runs of the measures that compare
    articles (framing): what grows there is the number of articles, not one shared story."""
    articles = []
    for i in range(1, n + 1):
        rng = random.Random(seed * 1_000_003 + i)
        lines = []
        for k in range(sentences):
            person = f"{_pseudo_word(rng, 2).title()} {_pseudo_word(rng, 3).title()}"
            thing, place = _pseudo_word(rng, 3), _pseudo_word(rng, 2).title()
            verb = rng.choice(_VERBS)
            if k % 4 == 3:
                lines.append(f'"The {thing} in {place} will not wait," {person} said.')
            else:
                lines.append(
                    f"{person} {verb} that the {thing} of {place} would need "
                    f"{rng.randint(2, 900)} new {_pseudo_word(rng, 2)}s by {rng.randint(1, 12)} "
                    "May."
                )
        articles.append(
            Article.from_sentences(
                f"A{i}",
                lines,
                source=f"distinct:{seed}:{i}",
                outlet=f"Outlet {_pseudo_word(rng, 2).title()} {i}",
                title=f"{_pseudo_word(rng, 2).title()} {_pseudo_word(rng, 3)} in "
                f"{_pseudo_word(rng, 2).title()}",
            )
        )
    return LoadResult(articles=articles)
