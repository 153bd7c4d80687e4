"""Manifests: a YAML, JSON or CSV file listing article files, in order, with their metadata.

YAML/JSON: a list of entries, or `{"articles": [entries]}`, or a mapping `path: {fields}`.
CSV: a header row with a `path` column and any metadata columns (empty cell = unset).
An entry is `path` (relative to the manifest's folder) plus fields from `metadata.FIELDS`
(`id` being the user's own key for the entry; ids must be unique). A field given as null means
"unknown, do not guess" - that is how the seeds' manifest leaves outlets unset.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from summarize import safejson
from summarize.articles.metadata import Meta, normalize_meta
from summarize.errors import InputError

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
_PATH_KEYS = ("path", "file")


@dataclass(frozen=True)
class ManifestEntry:
    path: Path
    meta: Meta
    where: str  # "manifest.yaml entry 2", for messages


def is_manifest_name(path: Path) -> bool:
    """Named as a manifest, or YAML/CSV (articles never come in those)."""
    suffix = path.suffix.lower()
    stem = path.stem.lower()
    named = stem == "manifest" or stem.endswith((".manifest", "_manifest", "-manifest"))
    return suffix in (".yaml", ".yml", ".csv") or (suffix == ".json" and named)


def looks_like_manifest(data: Any) -> bool:
    """JSON whose entries name files and carry no text is a manifest, whatever its name."""
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if not isinstance(data, list) or not data:
        return False
    from summarize.articles.records import has_text

    return all(
        isinstance(e, dict) and any(k in e for k in _PATH_KEYS) and not has_text(e) for e in data
    )


def read_manifest(file: Path, text: str, data: Any = None) -> list[ManifestEntry]:
    name = str(file)
    if data is None:
        data = _parse(file, text)
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
    if isinstance(data, dict):  # path -> fields
        data = [
            {"path": key, **(value or {})} if isinstance(value, dict | type(None)) else value
            for key, value in data.items()
        ]
    if not isinstance(data, list) or not data:
        raise InputError(f"{name}: a manifest must list entries with a 'path' each")
    entries: list[ManifestEntry] = []
    seen_ids: dict[str, int] = {}
    for number, raw in enumerate(data, 1):
        where = f"{name} entry {number}"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: expected fields with a 'path', not {type(raw).__name__}")
        paths = [raw[k] for k in _PATH_KEYS if k in raw]
        if len(paths) != 1 or not isinstance(paths[0], str) or not paths[0].strip():
            raise InputError(f"{where}: needs exactly one 'path' naming an article file")
        meta = normalize_meta(
            {k: v for k, v in raw.items() if k not in _PATH_KEYS}, where=where, strict=True
        )
        key = meta.get("key")
        if key is not None:
            if key in seen_ids:
                raise InputError(
                    f"{name}: duplicate id {key!r} in entries {seen_ids[key]} and {number}"
                )
            seen_ids[key] = number
        path = Path(paths[0].strip())
        entries.append(
            ManifestEntry(path if path.is_absolute() else file.parent / path, meta, where)
        )
    return entries


def _parse(file: Path, text: str) -> Any:
    name = str(file)
    suffix = file.suffix.lower()
    try:
        if suffix == ".json":
            return safejson.loads(text)
        if suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            if rows and None in rows[0]:
                raise InputError(f"{name}: a row has more cells than the header")
            return [{k: (v if v and v.strip() else None) for k, v in row.items()} for row in rows]
        return yaml.safe_load(text)
    except RecursionError:  # PyYAML composes nested nodes recursively
        raise InputError(f"{name}: nested too deeply to be a manifest") from None
    except (json.JSONDecodeError, safejson.TooDeep, yaml.YAMLError, csv.Error) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name}: manifest cannot be parsed ({detail})") from exc
