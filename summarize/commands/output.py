"""Writing a command's result to stdout or to `-o FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

from summarize.errors import InputError


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write output: {exc.strerror}") from exc
