"""Byte-for-byte snapshot of what a user sees, to prove a refactor changes no output.

    python bench/house_snapshot.py record DIR   # write every output into DIR (+ DIR/sha256.txt)
    python bench/house_snapshot.py check DIR    # render again and list every file that differs

What it renders, each as Markdown, JSON and HTML, through the command line in-process:
- `summarize brief seeds/` on the embedded model, answered from the response cache (a run that
  would make a model call is refused: the snapshot must not depend on a model's mood);
- `summarize framing seeds/`;
- for every cluster of ../shared/data/allsides_dev.jsonl (the clusters `bench/brief_eval.py
  --baselines-only` scores), `summarize brief` with every model answer from a SYNTHETIC routing
  server (digest: the article's first two lines; consensus: each fact's first evidence line;
  framing: none), and `summarize framing`.
Runs under PYTHONHASHSEED=0 (it re-executes itself so; `--hash-seed N` for another). Times
(wall, stage, in-call seconds, and the order stages finished in), the synthetic server's port
and the provenance's speakers line (see `normalised`) are the only things normalised away. The
clusters are written to a temporary folder as JSON Lines at run time; their texts never enter
the repository, and DIR should live outside it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "allsides_dev.jsonl"
FORMATS = ("md", "json", "html")

from tests.fake_servers import (  # noqa: E402
    Answer,
    Call,
    Reply,
    routing_server,
)

_SECONDS = re.compile(r"\b\d+(?:\.\d+)? s\b")
_JSON_TIMES = re.compile(
    r'("(?:wall_seconds|seconds_in_calls|alignment|digests|framing measures|consensus|'
    r'story and matrix|framing|render)": )\d+(?:\.\d+)?'
)
_PORT = re.compile(r"127\.0\.0\.1:\d+")
# The provenance's speaker-engine line (issue 25 added it; the one allowed output difference).
_SPEAKERS = re.compile(
    r'^(?:\s*"speakers": "(?:spacy|rules)",|- speakers: (?:spacy|rules)|'
    r"<li>speakers: (?:spacy|rules)</li>)\n",
    re.M,
)
_ARTICLE = re.compile(r'<article id="A\d+">\n(.*?)</article>', re.S)
_FACT = re.compile(r"^(F\d+):\n- (.*)$", re.M)


_STAGES = re.compile(r'("stage_seconds": \{\n)(.*?)(\n\s*\})', re.S)


def _stages_sorted(found: re.Match[str]) -> str:
    """The stage timings in name order: which stage ends first is a race between threads."""
    lines = sorted(line.rstrip(",") for line in found.group(2).split("\n"))
    return found.group(1) + ",\n".join(lines) + found.group(3)


def normalised(text: str) -> str:
    """The output with its timings replaced by '#' and the provenance's speakers line (JSON
    `"speakers": ...`, Markdown `- speakers: ...`, HTML `<li>speakers: ...</li>`, added by issue
    25 and the one output difference it allows) dropped: nothing else differs between runs."""
    text = _SPEAKERS.sub("", text)
    text = _PORT.sub("127.0.0.1:PORT", text)  # the synthetic server's port
    text = _STAGES.sub(_stages_sorted, _JSON_TIMES.sub(r"\g<1>0", text))
    return _SECONDS.sub("# s", text)


def synthetic_answer(call: Call) -> Answer:
    """SYNTHETIC, deterministic answers built from the prompt itself (never a model's words)."""
    user = "".join(str(m.get("content", "")) for m in call.request.get("messages", []))
    if call.kind == "digest":
        found = _ARTICLE.search(user)
        lines = found.group(1).strip().splitlines()[:2] if found else []
        return Answer(Reply(content=" ".join(lines) or "Nothing."))
    if call.kind == "consensus":
        sentences = [{"text": text, "facts": [fid]} for fid, text in _FACT.findall(user)]
        return Answer(Reply(content=json.dumps({"sentences": sentences})))
    return Answer(Reply(content=json.dumps({"outlets": []})))


def run_cli(argv: list[str]) -> tuple[int, str]:
    from summarize.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def cluster_files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Each dev cluster as one JSON Lines file of article records (sentences kept as given)."""
    with DATA.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            cluster = json.loads(line)
            path = folder / f"{cluster['cluster_id']}.jsonl"
            records = [
                {k: a[k] for k in ("outlet", "lean", "title", "url", "sentences") if k in a}
                for a in cluster["articles"]
            ]
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            yield cluster["cluster_id"], path


def render_all(limit: int | None) -> dict[str, str]:
    """Every output, normalised, as {relative name: text}."""
    texts: dict[str, str] = {}
    # A fixed folder: the article paths are part of the outputs.
    work = Path(tempfile.gettempdir()) / "summarize-house-snapshot"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()

    def render(name: str, argv: list[str], allowed: tuple[int, ...] = (0,)) -> None:
        target = work / "out"
        code, err = run_cli([*argv, "-o", str(target)])
        if code not in allowed:
            raise SystemExit(f"{name}: exit {code}\n{err}")
        texts[name] = normalised(target.read_text(encoding="utf-8"))

    seeds = "seeds"  # relative, run from the repository: a worktree's path is not in the output
    for fmt in FORMATS:
        render(f"seeds.brief.{fmt}", ["brief", seeds, "--format", fmt, "-q"])
        render(f"seeds.framing.{fmt}", ["framing", seeds, "--format", fmt])
    calls = json.loads(texts["seeds.brief.json"])["provenance"]["calls"]
    if calls:
        raise SystemExit(f"seeds briefing made {calls} model call(s): warm the cache first")
    (work / "clusters").mkdir()
    with routing_server(synthetic_answer) as (url, _):
        model = ["--backend", "llamacpp", "--base-url", url, "--no-cache", "-q"]
        for n, (cid, path) in enumerate(cluster_files(work / "clusters")):
            if limit is not None and n >= limit:
                break
            for fmt in FORMATS:
                render(f"dev/{cid}.brief.{fmt}", ["brief", str(path), "--format", fmt, *model])
                render(f"dev/{cid}.framing.{fmt}", ["framing", str(path), "--format", fmt])
            print(f"{n + 1} {cid}", file=sys.stderr)
    return texts


def write_all(folder: Path, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def digest(texts: dict[str, str]) -> str:
    return "".join(
        f"{hashlib.sha256(t.encode()).hexdigest()}  {name}\n" for name, t in sorted(texts.items())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("dir", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N dev clusters only")
    parser.add_argument("--hash-seed", type=int, default=0, help="PYTHONHASHSEED (default 0)")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"{DATA}: not found (../shared/data is read at run time)", file=sys.stderr)
        return 2
    if os.environ.get("PYTHONHASHSEED") != str(args.hash_seed):
        # Set iteration order follows the hash seed: one seed for every run, so that what is
        # compared is the code. `--hash-seed` another shows whether the outputs depend on it.
        os.environ["PYTHONHASHSEED"] = str(args.hash_seed)
        os.execv(sys.executable, [sys.executable, *sys.argv])
    folder = args.dir.resolve()  # before the chdir: a relative DIR is the caller's
    os.chdir(ROOT)
    texts = render_all(args.limit)
    if args.action == "record":
        write_all(folder, texts)
        (folder / "sha256.txt").write_text(digest(texts), encoding="utf-8")
        print(f"{len(texts)} outputs recorded in {folder}")
        return 0
    differ = {
        name: text
        for name, text in sorted(texts.items())
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    }
    after = folder.parent / (folder.name + ".after")
    write_all(after, differ)
    print(
        f"| outputs | identical | differ |\n|---|---|---|\n| {len(texts)} | "
        f"{len(texts) - len(differ)} | {len(differ)} |"
    )
    for name in differ:
        print(f"differs: {name} (after: {after / name})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
