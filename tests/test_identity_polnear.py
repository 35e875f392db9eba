"""Canonical actor ids on a real store: the PolNeAR train articles (840 US election stories).

The store is built once per session (about three minutes on one core): real
model, real SQLite file, the real web app through TestClient.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLD, require
from fastapi.testclient import TestClient

from eventwire.crossdoc.identity import identify
from eventwire.nlp.gazetteer import one_slip
from eventwire.records import Actor
from eventwire.run.service import ingest_paths
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.web.app import create_app

POLNEAR_TRAIN = GOLD / "quotes" / "polnear" / "train" / "text"

# Each of these is one actor: every name in a list has one id in the whole store.
ONE_ACTOR = {
    "Donald Trump": ["Donald Trump", "Donald J. Trump"],
    "Hillary Clinton": ["Hillary Clinton", "Hillary Rodham Clinton"],
    "Barack Obama": ["Barack Obama", "Barack H. Obama"],
    "Bernie Sanders": ["Bernie Sanders"],
    "Republican Party": ["Republican Party", "GOP", "Republicans"],
    "FBI": ["FBI", "Federal Bureau of Investigation", "F.B.I."],
    "DNC": ["DNC", "Democratic National Committee"],
}


@pytest.fixture(scope="session")
def polnear_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = require(POLNEAR_TRAIN)
    db = tmp_path_factory.mktemp("polnear") / "polnear.db"
    summary = ingest_paths([folder], Settings(db=str(db), processes=1))
    assert summary.stored >= 800, summary.describe()
    return db


def test_identity_polnear_each_named_actor_is_one_id(polnear_db: Path) -> None:
    with Store.open(polnear_db) as store:
        for actor, names in ONE_ACTOR.items():
            marks = ", ".join("?" for _ in names)
            ids = {
                r["actor_id"]
                for r in store._fetch(
                    f"SELECT DISTINCT actor_id FROM actors WHERE name IN ({marks})", names
                )
            }
            assert len(ids) == 1, f"{actor} has the ids {sorted(ids)}"


def test_identity_polnear_no_two_people_share_an_id(polnear_db: Path) -> None:
    with Store.open(polnear_db) as store:
        top = store.actors(type="PERSON", limit=50)
        assert len(top) == 50
        for item in top:
            full, words = set(), set()
            for name in item["names"]:
                ident = identify(Actor("A1", name, "PERSON"))
                if ident.given:
                    full.add((ident.given, ident.surname))
                elif ident.surname:
                    words.add(ident.surname)
            # one name, and its spellings with one slip of the pen ("Hilary Clinton")
            given, surname = min(full, default=(None, None))
            slips = {
                (g, s)
                for g, s in full
                if (g == given and (s == surname or one_slip(surname, s)))
                or (s == surname and one_slip(given, g))
            }
            assert slips == full, f"{item['id']} joins {sorted(full)}"
            if full:
                assert words <= {w for name in full for w in name}, (
                    f"{item['id']} joins {sorted(words)}"
                )


def test_identity_polnear_web_pages_use_canonical_ids(polnear_db: Path) -> None:
    client = TestClient(create_app(str(polnear_db), Settings(min_confidence=0.0)))
    actors = client.get("/api/actors", params={"limit": 20}).json()["items"]
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    assert "person:donald-trump" in ids
    assert [a["name"] for a in actors].count("Donald Trump") == 1
    page = client.get("/actors/person:donald-trump")
    assert page.status_code == 200
    assert "Donald J. Trump" in page.text and 'id="actor-names"' in page.text
    # a name seen under the id leads to the same actor page
    assert "person:donald-trump" in client.get("/actors/Donald J. Trump").text
    listing = client.get("/actors").text
    assert listing.count('href="/actors/person%3Adonald-trump"') == 1
    top = client.get("/api/dashboard").json()["top_actors"]
    assert len({t["id"] for t in top}) == len(top)
    assert [t["name"] for t in top].count("Donald Trump") == 1
    graph = client.get("/api/graph", params={"limit": 200}).json()
    nodes = [n["id"] for n in graph["nodes"]]  # a node is a canonical name
    assert len(nodes) == len(set(nodes))
    assert "Donald Trump" in nodes and "Donald J. Trump" not in nodes
