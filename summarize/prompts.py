"""Prompt templates: Jinja2 files in `prompts/`, strict about undefined variables, versioned.

`prompts/` is installed as the package `summarize.templates` (pyproject `package-dir`): an
editable install reads the files people edit there, a wheel carries them; `$SUMMARIZE_PROMPTS_DIR`
points elsewhere.

Each template starts with `{# version: N #}` and defines `{% block system %}` and
`{% block user %}`. Its id, version and content hash go into cache keys and provenance, so an
edited template never replays an old answer. Article text enters only as a variable, inside
delimiters that the `delimited` filter keeps the text from closing.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from summarize.errors import ConfigError

_VERSION = re.compile(r"\{#\s*version:\s*(\d+)\s*#\}")


def prompts_dir() -> Path:
    env = os.environ.get("SUMMARIZE_PROMPTS_DIR")
    if env:
        return Path(env)
    try:
        root = importlib.resources.files("summarize.templates")
    except ModuleNotFoundError:  # run from a source tree that was never installed
        root = None
    if not isinstance(root, Path):  # None, or inside a zip: Jinja2 here reads a folder
        raise ConfigError(
            "prompt templates not found (package summarize.templates): install the project "
            "(pip install -e .) or set SUMMARIZE_PROMPTS_DIR"
        )
    return root


def delimited(text: str, tag: str = "article") -> str:
    """Neutralise anything in the data that would close or open our delimiter tags."""
    return re.sub(rf"<\s*(/?)\s*{tag}\b", r"‹\1" + tag, str(text), flags=re.IGNORECASE)


@dataclass(frozen=True)
class RenderedPrompt:
    template_id: str
    version: int
    template_hash: str
    system: str
    user: str

    @property
    def messages(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


@cache
def _environment(directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output goes to a model, not a browser; HTML output escapes separately
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["delimited"] = delimited
    return env


def template_info(template_id: str) -> tuple[int, str]:
    """(version, "sha256:<hex>") of a template's source."""
    source = _source(template_id)
    match = _VERSION.search(source)
    if not match:
        raise ConfigError(f"prompts/{template_id}.j2: missing '{{# version: N #}}' header")
    digest = hashlib.sha256(source.encode()).hexdigest()
    return int(match.group(1)), f"sha256:{digest}"


def _source(template_id: str) -> str:
    path = prompts_dir() / f"{template_id}.j2"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: prompt template not readable: {exc}") from exc


def render(template_id: str, **variables: object) -> RenderedPrompt:
    version, digest = template_info(template_id)
    template = _environment(prompts_dir()).get_template(f"{template_id}.j2")
    context = template.new_context(dict(variables))
    try:
        system = "".join(template.blocks["system"](context)).strip()
        user = "".join(template.blocks["user"](context)).strip()
    except KeyError as exc:
        raise ConfigError(f"prompts/{template_id}.j2: needs blocks 'system' and 'user'") from exc
    return RenderedPrompt(template_id, version, digest, system, user)
