"""Every demo sample loads with a title, a publication date and no archive chrome left in its body."""
from __future__ import annotations

from pathlib import Path

import pytest

from factions.ingest import ChromeMemory, discover, load_document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
REPORTS = sorted(p for p in SAMPLES.glob("*") if p.is_file() and p.name.lower() != "readme.md")


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_sample_report(path):
    doc = load_document(path)
    assert doc.title and doc.title not in doc.text
    assert doc.published and doc.outlet
    for chrome in ("[Source:", "| Donate", "Title 17", "This document has been published"):
        assert chrome not in doc.text
    assert all(p.strip() for p in doc.text.split("\n\n"))


def test_batch_over_the_samples_folder_matches_single_loads():
    # Chrome memory learned over the batch must not change what a lone load of each report gives.
    memory = ChromeMemory()
    for item in discover([str(SAMPLES)]):
        if isinstance(item, Exception) or item.name.lower() == "readme.md":
            continue
        assert load_document(item, chrome=memory).id == load_document(item).id
