"""Peak memory of `summarize batch import` on a large SYNTHETIC results file.

    python bench/batch_import_memory.py [--mb 150] [--source DIR]

Writes a results JSONL of about `--mb` MB (hand-made chat completions of ~4 kB each, custom ids
that match no request: every line is still read and parsed) and imports it for the seeds in a
fresh process, reporting the process's peak RSS. `--source DIR` runs the package found in DIR
(e.g. an export of another commit: `git archive main | tar -x -C /tmp/main`) for a before/after.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import write_report

ROOT = Path(__file__).resolve().parents[1]
_MEASURE = """
import resource, sys, time
from summarize.cli import main
started = time.monotonic()
code = main(["batch", "import", sys.argv[1], sys.argv[2], "--backend", "vllm", "--base-url",
             "http://127.0.0.1:9/v1", "--quiet", "--cache-dir", sys.argv[3]])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(code, peak, round(time.monotonic() - started, 1))
"""


def write_results(path: Path, megabytes: int) -> int:
    """A SYNTHETIC results file of about `megabytes` MB; returns its line count."""
    rng = random.Random(5)
    words = ["alpha", "beta", "gamma", "delta"]
    size = lines = 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1024 * 1024:
            summary = "Synthetic summary " + " ".join(rng.choice(words) for _ in range(600))
            content = json.dumps({"summary": summary})
            body = {
                "id": f"c{lines}",
                "object": "chat.completion",
                "model": "m",
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": content,
                        },
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940},
            }
            row = {
                "id": f"v{lines}",
                "custom_id": f"{lines:064x}",
                "response": {"status_code": 200, "request_id": f"r{lines}", "body": body},
                "error": None,
            }
            line = json.dumps(row) + "\n"
            out.write(line)
            size += len(line)
            lines += 1
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=150)
    parser.add_argument("--source", type=Path, help="run the package in this folder instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.jsonl"
        lines = write_results(results, args.mb)
        cache = Path(tmp) / "cache"
        env_path = str(args.source or ROOT)
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(results), str(ROOT / "seeds"), str(cache)],
            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
            cwd=tmp,  # not this checkout: `python -c` puts the working folder first on the path
            capture_output=True,
            text=True,
            check=True,
        )
        code, peak, seconds = done.stdout.split()
        row = {
            "source": str(args.source) if args.source else "this checkout",
            "file MB": round(results.stat().st_size / 2**20),
            "lines": lines,
            "exit": int(code),
            "peak RSS MB": int(peak),
            "wall s": float(seconds),
        }
    write_report(
        "batch_import_memory" if args.source is None else "batch_import_memory_source",
        "Peak memory of `summarize batch import` (SYNTHETIC results file)",
        "python bench/batch_import_memory.py " + " ".join(argv or sys.argv[1:]),
        list(row),
        [row],
        notes=[
            "SYNTHETIC results: hand-made completions, custom ids matching no request of the "
            "seeds (every line is read and parsed; exit 5: nothing loaded, 5 failed).",
        ],
        meta={},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
