"""The built wheel, installed into a fresh venv, works on its own: the templates and data files
travel inside it, and the installed copy, not this source tree, is what runs.

Offline and honest about it: the wheel is built with the build backend already installed here
(`--no-isolation`), installed with `--no-index --no-deps`, and the venv reaches the dependencies
installed here through a .pth file (which adds folders to sys.path and runs none of their .pth
files, so this tree's editable install stays out of it). Takes ~20 s.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from summarize.articles import Article
from summarize.cli import main
from summarize.digest import build_digest
from summarize.llm.session import ModelSession
from summarize.prompts import template_info

from .conftest import CASSETTES, REPLAY_BASE_URL, ROOT, SEEDS

pytestmark = pytest.mark.slow

SEED = SEEDS / "001_2491071cd11593b0.txt"
TEMPLATES = ("consensus", "digest", "framing")

_WHERE = """
import json, sys, summarize, summarize.templates
from summarize.prompts import prompts_dir, render, template_info
render("digest", article_id="A1", title="T", sentences=["One."], first=0, max_claims=5)
print(json.dumps({
    "package": summarize.__file__,
    "templates": str(prompts_dir()),
    "hashes": {t: template_info(t)[1] for t in sys.argv[1:]},
}))
"""

# The same replay as tests/test_digest_cassette.py, inside the venv: vcr answers, nothing listens.
_DIGEST = """
import json, sys
from pathlib import Path
import vcr
from summarize.articles import Article
from summarize.digest import build_digest
from summarize.llm.cache import ResponseCache
from summarize.llm.client import open_backend
from summarize.llm.profiles import BUILTIN_PROFILES
from summarize.llm.session import ModelSession

cassette, seed, base_url, cache_dir, config = sys.argv[1:]
options = json.loads(config)
recorder = vcr.VCR(record_mode="none", **options)
article = Article.from_text("A1", Path(seed).read_text(encoding="utf-8"), source=seed)
backend = open_backend(BUILTIN_PROFILES["embedded"], base_url=base_url, max_retries=0)
session = ModelSession(backend, ResponseCache(Path(cache_dir)))
with recorder.use_cassette(cassette):
    digest = build_digest(article, session)
print(json.dumps({"digest": digest.to_dict(), "calls": session.usage.calls}))
"""


def _unmet_build_requirements() -> list[str]:
    from packaging.requirements import Requirement  # a dependency of `build`

    needed = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    unmet = []
    for spec in needed:
        req = Requirement(spec)
        try:
            have = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have is None or not req.specifier.contains(have, prereleases=True):
            unmet.append(f"{spec} (installed: {have or 'none'})")
    return unmet


def _unavailable(reason: str) -> None:
    # CI installs the dev extra, which brings all of it: there a missing tool is a failure.
    if os.environ.get("CI"):
        pytest.fail(f"wheel test cannot run in CI: {reason}")
    pytest.skip(reason)


def _env() -> dict[str, str]:
    env = dict(os.environ)  # keeps the per-test cache and config dirs conftest set
    for name in ("SUMMARIZE_PROMPTS_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{args[:2]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        _unavailable("the `build` package (dev extra) is not installed")
    unmet = _unmet_build_requirements()
    if unmet:
        _unavailable(f"build backend needed offline is not installed: {', '.join(unmet)}")
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"  # a copy, so the build leaves no build/ or egg-info in the shared tree
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "out")
    # evaluation/ and bench/ are copied too, so a package list that picked them up would show.
    for name in ("summarize", "prompts", "evaluation", "bench"):
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    out = work / "dist"
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."], src
    )
    (built,) = out.glob("summarize-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path) -> Path:
    home = wheel.parent.parent / "venv"
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(home)], capture_output=True, check=True, timeout=300
        )
    except subprocess.CalledProcessError as exc:
        _unavailable(f"python -m venv failed here: {exc.stderr.decode(errors='replace')[-300:]}")
    python = home / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", str(wheel)], home)
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], home)
    here = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site.stdout.strip(), "zz_dependencies_from_test_env.pth").write_text(
        "\n".join(sorted(here)) + "\n"
    )
    return home


def test_wheel_holds_every_file_of_the_package_and_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        f"summarize/{p.relative_to(ROOT / 'summarize').as_posix()}"
        for p in (ROOT / "summarize").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    } | {f"summarize/templates/{t}.j2" for t in TEMPLATES}
    assert expected - names == set()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"summarize"}  # no tests, no bench


def test_wheel_carries_no_evaluation_code(wheel: Path) -> None:
    """Gold readers, scorers and the evaluation-cluster reader live in evaluation/, beside bench/:
    the tool a user installs does not carry them (issue 25)."""
    names = zipfile.ZipFile(wheel).namelist()
    stems = {Path(n).stem: n for n in names if n.endswith(".py")}
    assert not [n for n in names if n.startswith(("evaluation/", "bench/"))]
    assert not [n for s, n in stems.items() if "gold" in s or "eval" in s]
    assert not [n for s, n in stems.items() if s in ("measure", "clusters")]
    assert "summarize/align/__main__.py" not in names  # ran the alignment measure


def test_the_installed_copy_is_what_runs_and_its_templates_hash_the_same(
    venv: Path, tmp_path: Path
) -> None:
    done = _run([str(venv / "bin" / "python"), "-c", _WHERE, *TEMPLATES], tmp_path)
    where = json.loads(done.stdout)
    assert Path(where["package"]).resolve().is_relative_to(venv.resolve())
    assert Path(where["templates"]).resolve().is_relative_to(venv.resolve())
    assert where["hashes"] == {t: template_info(t)[1] for t in TEMPLATES}


def test_installed_articles_command_prints_what_the_source_tree_does(
    venv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["articles", "--format", "json", str(SEEDS)]
    done = _run([str(venv / "bin" / "summarize"), *argv], tmp_path)
    assert main(argv) == 0
    here = capsys.readouterr().out
    assert len(json.loads(done.stdout)["articles"]) == 5
    assert json.loads(done.stdout) == json.loads(here)


@pytest.mark.default_cassette("digest_seed_001.yaml")
@pytest.mark.vcr
def test_installed_digest_replays_the_cassette_like_the_source_tree(
    venv: Path, tmp_path: Path, embedded_session: ModelSession, vcr_config: dict[str, Any]
) -> None:
    options = {k: vcr_config[k] for k in ("match_on", "decode_compressed_response")}
    args = [str(CASSETTES / "digest_seed_001.yaml"), str(SEED), REPLAY_BASE_URL]
    args += [str(tmp_path / "venv-cache"), json.dumps(options)]
    done = _run([str(venv / "bin" / "python"), "-c", _DIGEST, *args], tmp_path)
    result = json.loads(done.stdout)
    assert result["calls"] == 1
    assert result["digest"]["summary"]  # the embedded profile's digest: a summary, no claims
    article = Article.from_text("A1", SEED.read_text(encoding="utf-8"), source=str(SEED))
    assert result["digest"] == build_digest(article, embedded_session).to_dict()
