"""Event coder scores on the PLOVER gold data, pinned as floors (tests/eval_floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD, require

from eventwire.errors import EvaluationError
from eventwire.evaluate.events import dyad_label, evaluate_events, read_gold

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())


@pytest.fixture(scope="module")
def gsr():
    return evaluate_events(require(GOLD / "events" / "PLOVER_GSR_CAMEO.json"))


@pytest.fixture(scope="module")
def plv():
    return evaluate_events(require(GOLD / "events" / "PLV_train.tsv"))


def test_evaluate_events_gsr_floors(gsr):
    assert gsr["sentences"] > 300
    assert gsr["dyad"]["macro_f1"] >= FLOORS["events_gsr_dyad_macro_f1"]
    assert gsr["dyad"]["accuracy"] >= FLOORS["events_gsr_dyad_accuracy"]
    assert gsr["open"]["f1"] >= FLOORS["events_gsr_open_f1"]


def test_evaluate_events_plv_floors(plv):
    assert plv["sentences"] > 1000
    assert plv["quad"]["accuracy"] >= FLOORS["events_plv_quad_accuracy"]
    assert plv["dyad"]["macro_f1"] >= FLOORS["events_plv_dyad_macro_f1"]
    assert plv["open"]["f1"] >= FLOORS["events_plv_open_f1"]


def test_evaluate_events_reads_plv_markup(tmp_path):
    tsv = tmp_path / "mini.tsv"
    tsv.write_text(
        "\tsentence_id\tmarked_sentence\tgold_root\tgold_penta\n"
        "\t1\t<s>Germany</s> urged <t>Serbia</t> to free the reporters.\tREQUEST\t3\n"
        "\t2\t<s>Police</s> arrested <t>protesters</t> in Lagos.\t\t4\n",
        encoding="utf-8",
    )
    gold = read_gold(tsv)
    assert [g.text[g.source[0] : g.source[1]] for g in gold] == ["Germany", "Police"]
    assert [g.text[g.target[0] : g.target[1]] for g in gold] == ["Serbia", "protesters"]
    assert [g.type for g in gold] == ["REQUEST", None]
    assert [g.quad for g in gold] == [3, 4]
    result = evaluate_events(tsv, mode="dyad")
    assert result["dyad"]["n"] == 1
    assert result["quad"]["n"] == 2


def test_evaluate_events_maps_old_labels():
    assert dyad_label("DEMAND") == "REQUEST"
    assert dyad_label("DISAPPROVE") == "ACCUSE"
    assert dyad_label("INVESTIGATE") == "ACCUSE"
    assert dyad_label("FIGHT") == "ASSAULT"
    assert dyad_label("CONCEDE") == dyad_label("RETREAT") == "YIELD"


def test_evaluate_events_unknown_format(tmp_path):
    bad = tmp_path / "gold.xml"
    bad.write_text("<x/>")
    with pytest.raises(EvaluationError, match="unknown gold format"):
        read_gold(bad)
