"""File-system trouble is one line naming the path, exit 2, never a traceback; with --skip-bad
the good inputs still load. Permission cases run the CLI without root's capabilities."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.articles import load as load_module
from summarize.articles import load_articles
from summarize.errors import InputError

GOOD = "The bridge was closed on Monday after cracks were found. Ferries run every twenty minutes."
_DROP = "-dac_override,-dac_read_search"


@functools.cache
def _unprivileged_prefix() -> tuple[str, ...] | None:
    """A command prefix under which permission bits apply, or None if none works here."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        return None
    prefix = ("setpriv", f"--inh-caps={_DROP}", f"--bounding-set={_DROP}")
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"summarize-probe-{os.getpid()}"
    probe.write_text("x")
    probe.chmod(0)
    try:
        denied = subprocess.run([*prefix, "cat", str(probe)], capture_output=True).returncode
    finally:
        probe.unlink()
    return prefix if denied != 0 else None


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("cannot drop root's file capabilities here (no setpriv, or it cannot)")
    argv = [*prefix, sys.executable, "-m", "summarize.cli", "articles", "--format", "json", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


def _one_line_error(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr == f"summarize: error: {expected}\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("good", "locked", "listonly", "mixed"):
        (tmp_path / name).mkdir()
    (tmp_path / "good" / "a.txt").write_text(GOOD)
    (tmp_path / "locked" / "b.txt").write_text(GOOD)
    (tmp_path / "listonly" / "c.txt").write_text(GOOD)
    (tmp_path / "mixed" / "d.txt").write_text(GOOD)
    (tmp_path / "mixed" / "e.txt").write_text(GOOD)
    (tmp_path / "mixed" / "e.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    (tmp_path / "listonly").chmod(0o444)  # names can be listed, files not reached
    yield tmp_path
    for name in ("locked", "listonly"):
        (tmp_path / name).chmod(0o755)


def test_folder_without_read_permission(tree: Path) -> None:
    locked = tree / "locked"
    _one_line_error(_cli(str(locked)), f"{locked}: cannot list the folder (permission denied)")
    proc = _cli("--skip-bad", str(locked), str(tree / "good"))
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stderr == f"summarize: skipped {locked}: cannot list the folder (permission denied)\n"
    )
    assert '"source": "' + str(tree / "good" / "a.txt") in proc.stdout


def test_path_inside_a_folder_without_permission(tree: Path) -> None:
    # Python 3.11's Path.is_dir() raises PermissionError here
    inner = tree / "locked" / "b.txt"
    _one_line_error(_cli(str(inner)), f"{inner}: cannot read (permission denied)")
    _one_line_error(
        _cli(str(tree / "locked" / "sub")),
        f"{tree / 'locked' / 'sub'}: cannot read (permission denied)",
    )


def test_folder_listable_but_not_searchable(tree: Path) -> None:
    file = tree / "listonly" / "c.txt"
    _one_line_error(_cli(str(tree / "listonly")), f"{file}: cannot read (permission denied)")


def test_unreadable_file_is_skipped_and_the_rest_loads(tree: Path) -> None:
    bad = tree / "mixed" / "e.txt"
    _one_line_error(_cli(str(tree / "mixed")), f"{bad}: cannot read (permission denied)")
    proc = _cli("--skip-bad", str(tree / "mixed"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"summarize: skipped {bad}: cannot read (permission denied)\n"
    assert str(tree / "mixed" / "d.txt") in proc.stdout


def _message(paths: list[Path]) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(paths)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    assert _message([fifo]) == f"{fifo}: not a regular file (a named pipe)"
    (tmp_path / "a.txt").write_text(GOOD)
    result = load_articles([tmp_path], skip_bad=True)
    assert [a.source for a in result.articles] == [str(tmp_path / "a.txt")]
    assert [str(p) for p in result.problems] == [f"{fifo}: not a regular file (a named pipe)"]


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    assert _message([link]) == f"{link}: is a broken symbolic link"
    (tmp_path / "a.txt").write_text(GOOD)
    result = load_articles([tmp_path], skip_bad=True)
    assert len(result.articles) == 1
    assert [str(p) for p in result.problems] == [f"{link}: is a broken symbolic link"]


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert (
        _message([tmp_path / "a.txt"]) == f"{tmp_path / 'a.txt'}: too many levels of symbolic links"
    )
    assert "cannot follow its symbolic links" in _message([tmp_path])


def test_manifest_entry_naming_a_folder(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "manifest.yaml").write_text("- path: sub\n")
    assert _message([tmp_path]) == (
        f"{tmp_path / 'sub'}: not a regular file (a folder) (named in "
        f"{tmp_path / 'manifest.yaml'} entry 1)"
    )


def test_file_that_disappears_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD)
    real = load_module.read_bytes

    def vanish(path: Path, *args: object, **kwargs: object) -> bytes:
        if Path(path).name == "b.txt":
            Path(path).unlink()
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "read_bytes", vanish)
    result = load_articles([tmp_path], skip_bad=True)
    assert [a.source for a in result.articles] == [str(tmp_path / "a.txt")]
    assert [str(p) for p in result.problems] == [f"{tmp_path / 'b.txt'}: no such file or folder"]
