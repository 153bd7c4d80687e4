"""The embedded runtime's settings: slots and speculative decoding reach llama.cpp's parameters,
flags override the profile's defaults, a missing draft model names its extra. No model is loaded:
the parameters are a stand-in object with the runtime's attribute names."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from summarize.errors import ModelSetupError
from summarize.llm import embedded
from summarize.llm.profiles import BUILTIN_PROFILES, resolve_profile
from summarize.llm.weights import ChunkedModel, ensure_default_model

TYPES = SimpleNamespace(
    COMMON_SPECULATIVE_TYPE_NONE="none",
    COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE="ngram_simple",
    COMMON_SPECULATIVE_TYPE_DRAFT_SIMPLE="draft_simple",
)


def _params() -> SimpleNamespace:
    cpu = SimpleNamespace(n_threads=0)
    draft = SimpleNamespace(
        mparams=SimpleNamespace(path=""),
        cpuparams=SimpleNamespace(n_threads=0),
        cpuparams_batch=cpu,
    )
    return SimpleNamespace(speculative=SimpleNamespace(types=["none"], draft=draft))


def test_speculation_off_leaves_the_runtime_default() -> None:
    params = _params()
    embedded._speculate(params, "off", 2, TYPES)
    assert params.speculative.types == ["none"] and params.speculative.draft.mparams.path == ""


def test_ngram_lookup_needs_no_second_model() -> None:
    params = _params()
    embedded._speculate(params, "ngram", 2, TYPES)
    assert params.speculative.types == ["ngram_simple"]
    assert params.speculative.draft.mparams.path == ""


def test_draft_uses_the_packaged_small_model_on_the_same_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[ChunkedModel] = []

    def fake_ensure(model: ChunkedModel) -> Path:
        seen.append(model)
        return Path("/models/draft.gguf")

    monkeypatch.setattr(embedded, "ensure_default_model", fake_ensure)
    params = _params()
    embedded._speculate(params, "draft", 3, TYPES)
    assert seen == [embedded.DRAFT_MODEL] and seen[0].extra == "draft"
    assert params.speculative.types == ["draft_simple"]
    assert params.speculative.draft.mparams.path == "/models/draft.gguf"
    assert params.speculative.draft.cpuparams.n_threads == 3


def test_a_missing_chunk_package_names_the_extra_that_installs_it(tmp_path: Path) -> None:
    model = ChunkedModel("absent", "summarize_no_such_chunk_", 2, 10, "0" * 64, extra="draft")
    with pytest.raises(ModelSetupError, match=r"pip install -e '\.\[local,draft\]'"):
        ensure_default_model(model)


def test_the_embedded_defaults_and_the_flags_that_override_them(tmp_path: Path) -> None:
    profile = BUILTIN_PROFILES["embedded"]
    # measured defaults (docs/BENCHMARKS.md): one slot, no speculation, on 2 cores
    assert (profile.concurrency, profile.speculative, profile.context_size) == (1, "off", 8192)
    chosen = resolve_profile("embedded", concurrency=3, threads=1, config=tmp_path / "none.toml")
    assert (chosen.concurrency, chosen.threads, chosen.speculative) == (3, 1, "off")
