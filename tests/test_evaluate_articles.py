"""Article-level event scoring (``eventwire eval articles``): the matching rule and the figures.

The rule's parts are checked on our own words; the pipeline is scored end to
end on a small article written for this test and, where ../shared is
present, on the frozen part of the article gold, with floors pinned in
tests/eval_floors.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOLD, ROOT, require

from eventwire.evaluate.articles import (
    GoldMention,
    Predicted,
    content_words,
    evaluate_articles,
    match,
    shares_word,
    types_match,
)

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())
REPO_GOLD = ROOT / "gold" / "articles"


def gold(type_="ACCUSE", source="Germany", target="Russia", modality="asserted", spans=((0, 40),)):
    return GoldMention(
        "d", "s", list(spans), type_, modality, content_words(source), content_words(target), False
    )


def pred(
    type_="ACCUSE",
    actors=("Germany",),
    recipients=("Russia",),
    start=0,
    end=40,
    modality="asserted",
):
    return Predicted(
        "d", start, end, type_, modality, 0.5,
        [content_words(a) for a in actors], [content_words(r) for r in recipients], None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # title words (from roles.tsv: "secretary of state", "foreign minister") are ignored
        ("the U.S. State Department", {"united", "states", "department"}),
        ("President Joe Biden", {"joe", "biden"}),
        ("Russia's foreign minister", {"russia"}),
    ],
)
def test_evaluate_articles_content_words(text, words):
    assert content_words(text) == words


def test_evaluate_articles_word_rule():
    assert shares_word(content_words("Russian forces"), content_words("Russia"))
    assert shares_word(content_words("U.S."), content_words("United States"))
    assert not shares_word(content_words("Iran"), content_words("Iraq"))


def test_evaluate_articles_scheduled_cooperation_equals_agree():
    assert types_match(gold("AGREE"), pred("CONSULT", modality="scheduled"))
    assert not types_match(gold("AGREE"), pred("CONSULT"))
    assert not types_match(gold("AGREE"), pred("ACCUSE", modality="scheduled"))


def test_evaluate_articles_matching_is_one_to_one():
    golds = [gold(), gold()]
    preds = [pred()]
    assert match(golds, preds, full=True) == {0: 0}
    assert match([gold(target=None)], [pred(recipients=())], full=True) == {0: 0}
    assert match([gold()], [pred(actors=("France",))], full=True) == {}
    assert match([gold()], [pred(actors=("France",))], full=False) == {0: 0}
    assert match([gold()], [pred(start=50, end=60)], full=False) == {}


def test_evaluate_articles_end_to_end_on_our_article(tmp_path):
    text = (
        "Germany condemned Russia on Monday over the attack on Kyiv. "
        "The weather in Berlin was cold."
    )
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "manifest.json").write_text(
        json.dumps([{"doc": "a", "file": "a.txt", "published": "2024-11-29"}])
    )
    first = text.split(". ")[0] + "."
    rows = [
        {"doc": "a", "sentence": first, "trigger": "condemned", "type": "ACCUSE",
         "source": "Germany", "target": "Russia", "modality": "asserted"},
    ]  # fmt: skip
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = evaluate_articles([(gold_file, None)], min_confidence=0.0)
    full = result["all_events"]["full"]
    assert (full["gold"], full["matched"], full["recall"]) == (1, 1, 1.0)
    assert result["by_confidence"][0]["min_confidence"] == 0.0
    assert "ACCUSE" in result["all_events"]["type"]["per_type"]


def test_evaluate_articles_refuses_a_sentence_not_in_the_text(tmp_path):
    (tmp_path / "a.txt").write_text("Germany condemned Russia.")
    (tmp_path / "manifest.json").write_text(json.dumps([{"doc": "a", "file": "a.txt"}]))
    (tmp_path / "gold.jsonl").write_text(
        json.dumps({"doc": "a", "sentence": "France praised Chad.", "type": "SUPPORT"}) + "\n"
    )
    with pytest.raises(Exception, match="gold.jsonl:1"):
        evaluate_articles([(tmp_path / "gold.jsonl", None)])


@pytest.fixture(scope="module")
def frozen():
    shared = require(GOLD / "articles" / "gold.jsonl")
    sources = [(shared, None), (REPO_GOLD / "gold.jsonl", None)]
    return evaluate_articles(sources, REPO_GOLD / "split.json", "frozen")


def test_evaluate_articles_frozen_floors(frozen):
    assert frozen["articles"] >= 20
    at_cut = frozen["at_cut"]
    assert at_cut["full_no_doubtful"]["precision"] >= FLOORS["articles_frozen_full_precision"]
    assert at_cut["full_no_doubtful"]["recall"] >= FLOORS["articles_frozen_full_recall"]
    assert at_cut["type_no_doubtful"]["precision"] >= FLOORS["articles_frozen_type_precision"]
    everything = frozen["all_events"]["full_no_doubtful"]["recall"]
    assert everything >= FLOORS["articles_frozen_full_recall_all_events"]


def test_evaluate_articles_split_is_disjoint_and_complete():
    split = json.loads((REPO_GOLD / "split.json").read_text())
    frozen, tuning = set(split["frozen"]), set(split["tuning"])
    assert not frozen & tuning and len(frozen) >= 20
    repo_docs = {e["doc"] for e in json.loads((REPO_GOLD / "manifest.json").read_text())}
    assert repo_docs <= frozen | tuning
    training = ROOT / "training"
    for manifest in (training / "manifest.json", training / "gold_tuning" / "manifest.json"):
        docs = {e["doc"] for e in json.loads(manifest.read_text())}
        assert not docs & frozen, f"{manifest} trains on frozen articles"


def test_evaluate_articles_cli_json(tmp_path):
    shared = require(GOLD / "articles" / "gold.jsonl")
    exe = Path(sys.executable).with_name("eventwire")
    done = subprocess.run(
        [str(exe), "eval", "articles", str(shared), "--json", "--min-confidence", "0.5"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout)
    assert result["articles"] == 22 and result["min_confidence"] == 0.5
