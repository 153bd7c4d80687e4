"""The package's import graph runs one way (issue 25): no import circle between modules, no
import from a lower layer up into a higher one, and no private name (`_x`) imported from another
module. Built from the source with `ast`: module-level and function-level imports alike (a
deferred import is still a dependency).

The layers, lowest first, as the code stands (a module may import its own layer and any below):

0. `errors`, `safejson`, `prompts`, `config`, `settings` (every tuning value, read at use time):
   no project imports beyond each other.
1. `text`, `articles`, `schema`, `render.markdown_escape`: the text layer and the article model
   (one layer: `articles` segments with `text`, and the quote and span readers take `Article`).
2. `verify`: claim checks against the text.
3. `align`, `framing`: pure analysis; a model judge is passed in (`align.judge.PairJudge`).
4. `llm`: backends, sessions, cache, batch machinery; stages are passed in.
5. `digest`: one article through the model.
6. `brief`: the briefing pipeline; `stories.story`, a story's data (rendered by `render`).
7. `render`: Markdown, JSON and HTML of a finished briefing.
8. `stories`: many briefings from a pile of articles.
9. `commands`, `cli`, `api`, and the package itself (`summarize/__init__.py`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "summarize"

# Longest matching prefix wins: `summarize.render.markdown_escape` is an escaping helper that
# framing uses, below the rest of `render`.
LAYERS: dict[str, int] = {
    "summarize.errors": 0,
    "summarize.safejson": 0,
    "summarize.prompts": 0,
    "summarize.config": 0,
    "summarize.settings": 0,
    "summarize.text": 1,
    "summarize.articles": 1,
    "summarize.schema": 1,
    "summarize.render.markdown_escape": 1,
    "summarize.verify": 2,
    "summarize.align": 3,
    "summarize.framing": 3,
    "summarize.llm": 4,
    "summarize.digest": 5,
    "summarize.brief": 6,
    "summarize.stories.story": 6,  # a story's data, which the stories index renders
    "summarize.render": 7,
    "summarize.stories": 8,
    "summarize.commands": 9,
    "summarize.cli": 9,
    "summarize.api": 9,
    "summarize": 9,
}
# Evaluation code lives in `evaluation/`, outside the package (tests/test_wheel.py); nothing
# here may import it (tests/test_public_api.py).
EVALUATION: set[str] = set()
# Every circle is gone; an entry here would be a circle tolerated for now.
KNOWN_CIRCLES: list[list[str]] = []


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The module a dotted name lives in (`summarize.align.alignment.Alignment` -> its module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every project import in `module`."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[str, str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _resolve(alias.name)
                if alias.name.startswith("summarize") and target:
                    out.append((target, "", node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if not base.startswith("summarize"):
                continue
            for alias in node.names:
                target = _resolve(f"{base}.{alias.name}")
                if target:
                    # a submodule imported by name is the module, not a name in it
                    name = "" if target == f"{base}.{alias.name}" else alias.name
                    out.append((target, name, node.lineno))
    return out


GRAPH = {m: [(t, n, line) for t, n, line in _imports(m) if t != m] for m in MODULES}


def layer(module: str) -> int:
    key = module
    while key not in LAYERS:
        key = key.rpartition(".")[0]
    return LAYERS[key]


def test_every_module_has_a_layer() -> None:
    assert "summarize.align.aligner" in MODULES and "summarize.llm.session" in MODULES
    for module in MODULES:
        assert 0 <= layer(module) <= 9, module


def test_no_import_runs_up_a_layer() -> None:
    upward = [
        f"{m}:{line} imports {t} (layer {layer(m)} -> {layer(t)})"
        for m, edges in GRAPH.items()
        if m not in EVALUATION
        for t, _, line in edges
        if layer(t) > layer(m)
    ]
    assert upward == []


def test_no_import_circle() -> None:
    """Tarjan's strongly connected components: every one a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(m: str) -> None:  # recursion depth is bounded by the ~150 modules
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for t, _, _ in GRAPH[m]:
            if t not in index:
                visit(t)
                low[m] = min(low[m], low[t])
            elif t in on_stack:
                low[m] = min(low[m], index[t])
        if low[m] == index[m]:
            component = []
            while True:
                x = stack.pop()
                on_stack.discard(x)
                component.append(x)
                if x == m:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for m in MODULES:
        if m not in index:
            visit(m)
    assert [c for c in circles if c not in KNOWN_CIRCLES] == []


def test_no_private_name_is_imported_from_another_module() -> None:
    private = [
        f"{m}:{line} imports {t}.{n}"
        for m, edges in GRAPH.items()
        for t, n, line in edges
        if n.startswith("_") and not n.startswith("__")
    ]
    assert private == []


def test_the_checks_see_what_they_check() -> None:
    """The graph is not vacuous: known edges are found, function-level ones included."""
    edges = {(m, t) for m, es in GRAPH.items() for t, _, _ in es}
    assert ("summarize.align.aligner", "summarize.align.units") in edges
    assert ("summarize.llm.tokens", "summarize.articles.segment") in edges
    assert ("summarize.text.quote_finder", "summarize.text.speakers_spacy") in edges
    assert layer("summarize.render.markdown_escape") < layer("summarize.framing.render")
    assert layer("summarize.render.html.briefing_page") == LAYERS["summarize.render"]
