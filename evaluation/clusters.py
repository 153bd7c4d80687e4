"""Reader for the evaluation clusters in `../shared/data` (JSON Lines, one story cluster a line).

Each article comes with its sentence split, which the annotations index, so articles are built
with exactly those sentences (`Article.from_sentences`), not re-cleaned or re-segmented.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize import safejson
from summarize.articles import Article
from summarize.errors import InputError

_ARTICLE_META = ("outlet", "title", "url", "lean")


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    dataset: str
    event: str | None
    articles: list[Article]
    reference_summary: str | None = None
    reference_framing_note: str | None = None
    date: str | None = None
    # Everything else: per-article annotations (`raw["articles"][i]`), reference_article, topic.
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def read_clusters(path: str | Path) -> Iterator[Cluster]:
    """Clusters of one data file, in file order; article ids A1.. within each cluster."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: no such file")
    with file.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = safejson.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{file} line {number}: not valid JSON ({exc.msg})") from exc
            except safejson.TooDeep as exc:
                raise InputError(f"{file} line {number}: not usable JSON ({exc})") from exc
            yield _cluster(record, f"{file} line {number}")


def _cluster(record: Any, where: str) -> Cluster:
    if not isinstance(record, dict) or not isinstance(record.get("articles"), list):
        raise InputError(f"{where}: not a cluster (expected an object with 'articles')")
    cluster_id = str(record.get("cluster_id") or where)
    dataset = str(record.get("dataset") or "")
    articles: list[Article] = []
    for n, item in enumerate(record["articles"], 1):
        sentences = item.get("sentences") if isinstance(item, dict) else None
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise InputError(f"{where}: article {n} has no list of sentences")
        meta = {k: _text(item.get(k)) for k in _ARTICLE_META}
        articles.append(
            Article.from_sentences(
                f"A{n}",
                sentences,
                source=f"{dataset}:{cluster_id}:{n}",
                published=_text(item.get("date") or record.get("date")),
                **meta,
            )
        )
    return Cluster(
        cluster_id=cluster_id,
        dataset=dataset,
        event=_text(record.get("event")),
        articles=articles,
        reference_summary=_text(record.get("reference_summary")),
        reference_framing_note=_text(record.get("reference_framing_note")),
        date=_text(record.get("date")),
        raw=record,
    )


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
