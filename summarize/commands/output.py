"""Writing a command's result to stdout or to `-o FILE`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from summarize.errors import InputError


def check_output(path: Path | None) -> None:
    """Refuse an output path that cannot be written before any model call is spent on it (the
    file itself is written only at the end, so a failed run never truncates it)."""
    if path is None:
        return
    if path.is_dir():
        raise InputError(f"{path}: cannot write output: is a directory")
    folder = path.parent
    if not folder.is_dir():
        missing = "no such folder" if not folder.exists() else "not a folder"
        raise InputError(f"{path}: cannot write output: {folder}: {missing}")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise InputError(f"{path}: cannot write output: permission denied")
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write output: {folder}: permission denied")


def write_output(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write output: {exc.strerror}") from exc
