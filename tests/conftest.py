from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = ROOT / "seeds" / "000_cfedf86719f110e5.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
