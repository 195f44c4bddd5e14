"""Shared test helpers: where the seed lives, and running the real CLI in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_1419a0e6fcd13314.txt"
SEED_GOLD = SHARED / "seed" / "000_1419a0e6fcd13314.gold.json"


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m factions ARGS` as a user would, and capture its output."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "factions", *args], cwd=cwd or REPO, capture_output=True,
                          text=True, timeout=timeout, env=env)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed report is missing: {SEED} (shared/ must sit beside the repository)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (spaCy model + factions components), loaded once per test session."""
    from factions.extract.pipeline import build_pipeline

    return build_pipeline()
