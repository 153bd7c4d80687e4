"""The Jinja2 environment (autoescape on for every template) and the page's security head: one
inline stylesheet allowed by its sha256 hash, no script, nothing fetched."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

_PACKAGE = "summarize.render.html"


def _read(name: str) -> str:
    return (resources.files(_PACKAGE) / "templates" / name).read_text(encoding="utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_read),
        autoescape=True,  # every template, whatever its name: article text is data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(css: str) -> str:
    """default-src 'none': no fetch of any kind; the stylesheet runs only because of its hash."""
    return (
        "default-src 'none'; "
        f"style-src {_hash(css)}; "
        "img-src 'none'; script-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def stylesheet(name: str = "report.css") -> str:
    css = _read(name)
    if "</" in css:  # would end the <style> element early (our own file: fail loudly)
        raise ValueError(f"{name} must not contain '</'")
    return css


def render(template: str, *, stylesheet_name: str = "report.css", **context: Any) -> str:
    """A page: the template with its stylesheet inline and the policy that allows it."""
    css = stylesheet(stylesheet_name)
    return (
        environment()
        .get_template(template)
        .render(
            css=Markup(css),  # the tool's own file, checked above; hashed exactly as written
            csp=csp(css),
            **context,
        )
    )
