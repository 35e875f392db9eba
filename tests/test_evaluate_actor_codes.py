"""Actor codes on the PLOVER GSR records (``eventwire eval actors``), pinned as
floors in tests/eval_floors.json; the alignment and scoring on records we write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD, ROOT, require

from eventwire.errors import EvaluationError
from eventwire.evaluate.actor_codes import evaluate_actor_codes, gold_sector, locate

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())
SPLIT = ROOT / "gold" / "actors" / "gsr_split.json"

OUR_RECORDS = [
    {"id": "DOCUMENT", "event": "DOCUMENT"},
    {
        "id": "OURS-1",
        "event": "ASSAULT",
        "source": [{"actorText": "Kenyan soldiers", "code": "KEN", "sector": "MIL"}],
        "target": [{"actorText": "Nairobi", "code": "KEN", "sector": "***"}],
        "textInfo": {
            "markup": "(SRC: Kenyan soldiers) (EVT: raided) a market near (TAR: Nairobi) today."
        },
    },
    {
        "id": "OURS-2",
        "event": "CONSULT",
        "source": [{"actorText": "Polish", "code": "POL", "sector": "GOV"}],
        "target": [{"actorText": "Lisbon", "code": "PRT", "sector": "GOVxyz"}],
        "textInfo": {
            "markup": "Senior (SRC: Polish) diplomats (EVT: visited) (TAR: Lisbon) on Monday."
        },
    },
    {
        "id": "OURS-3",
        "event": "PROTEST",
        "source": [{"actorText": "Nairobi", "code": "KEN", "sector": "***"}],
        "target": [{"actorText": "Kenyan soldiers", "code": "KEN", "sector": "MIL"}],
        "textInfo": {
            "markup": "Crowds in (SRC: Nairobi) (EVT: jeered) (TAR: Kenyan soldiers) today."
        },
    },
]


def test_evaluate_actor_codes_locates_inside_marks():
    text = "Senior Polish and Czech diplomats met."
    assert locate(text, [(7, 33)], "Czech") == (18, 23)
    assert locate(text, [], "Czech") == (18, 23)
    assert locate(text, [(7, 13)], "Polish and Czech diplomats") == (7, 13)
    assert locate(text, [], "Slovak") is None


@pytest.mark.parametrize(
    ("raw", "sector"), [("CVLalb", "CVL"), ("***", None), (None, None), ("CIV", "CVL")]
)
def test_evaluate_actor_codes_gold_sector(raw, sector):
    assert gold_sector(raw) == sector


def test_evaluate_actor_codes_on_our_records(tmp_path):
    gold = tmp_path / "ours.json"
    gold.write_text(json.dumps(OUR_RECORDS), encoding="utf-8")
    split = tmp_path / "split.json"
    split.write_text(
        json.dumps({"frozen": ["OURS-1"], "tuning": ["OURS-2", "OURS-3"]}), encoding="utf-8"
    )
    result = evaluate_actor_codes(gold, split)
    assert result["sentences"] == 3
    frozen = result["frozen"]
    # Kenyan soldiers: KEN and MIL right; the town raided near is no actor, but
    # a target place is coded with its country, as the events stage codes it
    assert frozen["gold_actors"] == 2 and frozen["missed_actors"] == 0
    assert frozen["gold_codes"] == 3 and frozen["code_accuracy"] == 1.0
    # a place where a source acts is no actor: missed (the events stage keeps
    # places as recipients only); a capital that is the direct object is
    # coded as its government, as the records' readme codes a capital
    given = {(e["record"], e["text"]): e["given"] for e in evaluate_actor_codes(gold)["errors"]}
    assert given[("OURS-3", "Nairobi")] is None
    assert ("OURS-2", "Lisbon") not in given
    assert result["all"]["gold_actors"] == 6
    # the wrong actors are listed for reading, but never the frozen part's
    wrong = {(e["record"], e["text"], e["given"]) for e in result["errors"]}
    assert all(record != "OURS-1" for record, _, _ in wrong)
    unsplit = evaluate_actor_codes(gold)
    right = round(result["all"]["actor_accuracy"] * result["all"]["gold_actors"])
    assert len(unsplit["errors"]) == result["all"]["gold_actors"] - right


def test_evaluate_actor_codes_refuses_bad_input(tmp_path):
    with pytest.raises(EvaluationError, match="no such file"):
        evaluate_actor_codes(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(EvaluationError, match="not a PLOVER GSR JSON"):
        evaluate_actor_codes(bad)
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    with pytest.raises(EvaluationError, match="no GSR records"):
        evaluate_actor_codes(empty)


def test_evaluate_actor_codes_split_is_disjoint():
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    assert not set(split["frozen"]) & set(split["tuning"])
    assert len(split["frozen"]) > 100 and len(split["tuning"]) > 100


def test_evaluate_actor_codes_gsr_floors():
    gsr = require(GOLD / "events" / "PLOVER_GSR_CAMEO.json")
    result = evaluate_actor_codes(gsr, SPLIT)
    for part in ("frozen", "tuning", "all"):
        assert result[part]["code_accuracy"] >= FLOORS[f"actors_gsr_{part}_code_accuracy"], part
    assert (
        result["frozen"]["gold_actors"] + result["tuning"]["gold_actors"]
        == (result["all"]["gold_actors"])
    )


def test_evaluate_actor_codes_cli_json(tmp_path):
    import typer
    from typer.testing import CliRunner

    from eventwire.cli.evaluate import eval_app

    gold = tmp_path / "ours.json"
    gold.write_text(json.dumps(OUR_RECORDS), encoding="utf-8")
    app = typer.Typer()
    app.add_typer(eval_app, name="eval")
    result = CliRunner().invoke(app, ["eval", "actors", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["all"]["gold_actors"] == 6
