"""Inputs stay where the user put them: manifest entries and symlinks found through folders must
resolve inside the manifest's folder or a folder named on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.cli import main
from summarize.errors import InputError

GOOD = "The bridge was closed on Monday after cracks were found. Ferries run every twenty minutes."
SECRET = "Private notes on the council budget that must never leave this machine, said nobody."


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(GOOD)
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "secret.txt").write_text(SECRET)
    return tmp_path


def _refused(paths: list[Path], entry: str) -> str:
    with pytest.raises(InputError) as caught:
        load_articles(paths)
    message = str(caught.value)
    assert "\n" not in message and entry in message
    assert "outside" in message and "--allow-outside" in message
    return message


def _texts(paths: list[Path], **kwargs: bool) -> list[str]:
    return [a.text for a in load_articles(paths, **kwargs).articles]


@pytest.mark.parametrize(
    "entry",
    [
        "../private/secret.txt",
        "../../../../../../../../etc/passwd",
        "{root}/private/secret.txt",  # absolute
        "/etc/passwd",
    ],
)
def test_manifest_entry_outside_its_folder_is_refused(tree: Path, entry: str) -> None:
    entry = entry.format(root=tree)
    manifest = tree / "news" / "manifest.yaml"
    manifest.write_text(f"articles:\n  - path: a.txt\n  - path: {entry}\n")
    message = _refused([tree / "news"], entry)
    assert f"{manifest} entry 2" in message
    # with --skip-bad the entry is reported and the good one still loads
    result = load_articles([tree / "news"], skip_bad=True)
    assert [a.text for a in result.articles] == [GOOD]
    (problem,) = result.problems
    assert entry in problem.path and "outside" in problem.message
    # named directly, the manifest's own folder is the limit too
    _refused([manifest], entry)


def test_manifest_may_name_files_in_another_named_folder(tree: Path) -> None:
    manifest = tree / "news" / "manifest.yaml"
    manifest.write_text("- path: a.txt\n- path: ../private/secret.txt\n")
    assert _texts([tree / "news", tree / "private"]) == [GOOD, SECRET, SECRET]
    assert _texts([manifest], allow_outside=True) == [GOOD, SECRET]


def test_absolute_entry_inside_the_folder_is_fine(tree: Path) -> None:
    manifest = tree / "news" / "manifest.json"
    manifest.write_text(f'[{{"path": "{tree / "news" / "a.txt"}"}}]')
    assert _texts([tree / "news"]) == [GOOD]


def test_json_manifest_found_in_a_folder_is_confined(tree: Path) -> None:
    (tree / "news" / "list.json").write_text('[{"path": "../private/secret.txt"}]')
    result = load_articles([tree / "news"], skip_bad=True)
    assert [a.text for a in result.articles] == [GOOD]
    assert "outside" in result.problems[0].message


def test_symlinked_file_in_a_named_folder_is_refused(tree: Path) -> None:
    (tree / "news" / "link.txt").symlink_to(tree / "private" / "secret.txt")
    message = _refused([tree / "news"], "link.txt")
    assert f"resolves to {tree / 'private' / 'secret.txt'}" in message
    assert _texts([tree / "news"], allow_outside=True) == [GOOD, SECRET]
    # named on the command line, the link is read: the user named it
    assert _texts([tree / "news" / "link.txt"]) == [SECRET]


def test_symlinked_folder_in_a_manifest_path_is_refused(tree: Path) -> None:
    (tree / "news" / "sub").symlink_to(tree / "private")
    (tree / "news" / "manifest.yaml").write_text("- path: a.txt\n- path: sub/secret.txt\n")
    _refused([tree / "news"], "sub/secret.txt")


def test_symlinked_manifest_pointing_outside_is_refused(tree: Path) -> None:
    (tree / "private" / "manifest.yaml").write_text("- path: secret.txt\n")
    (tree / "news" / "manifest.yaml").symlink_to(tree / "private" / "manifest.yaml")
    _refused([tree / "news"], "manifest.yaml")


def test_symlink_inside_the_folder_is_fine(tree: Path) -> None:
    (tree / "news" / "b.txt").symlink_to("a.txt")
    assert _texts([tree / "news"]) == [GOOD, GOOD]


def test_a_named_folder_that_is_a_symlink_is_its_target(tree: Path) -> None:
    (tree / "alias").symlink_to(tree / "news")
    assert _texts([tree / "alias"]) == [GOOD]


def test_cli_refuses_in_one_line_and_allow_outside_reads(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "news" / "manifest.yaml").write_text("- path: a.txt\n- path: /etc/hostname\n")
    assert main(["articles", str(tree / "news")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("summarize: error: /etc/hostname: is outside")
    (tree / "news" / "manifest.yaml").write_text("- path: a.txt\n- path: ../private/secret.txt\n")
    assert main(["articles", "--allow-outside", "--format", "json", str(tree / "news")]) == 0
    assert "secret.txt" in capsys.readouterr().out
