"""Canonical actor ids: the name rules (crossdoc/identity.py) and the store's registry.

Hand-built actors with names we made up or public figures' names; real SQLite
files and real PostgreSQL schemas (``store_target``).
"""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
from pathlib import Path

import pytest
from backends import execute_raw, pg_url, store_target  # noqa: F401

from eventwire.crossdoc.identity import (
    choose_candidate,
    identify,
    name_rank,
    resolve_in_article,
    slug,
)
from eventwire.errors import EventwireError, StoreError
from eventwire.evaluate.identity import evaluate_aliases
from eventwire.export.files import export
from eventwire.records import Actor, Article, Event, EventActor, Extraction
from eventwire.store import Store

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "eval_floors.json").read_text())


def test_identity_alias_list_floors() -> None:
    """Pairwise merge precision and recall on gold/actors/aliases.tsv (docs/evaluation.md)."""
    frozen = evaluate_aliases(ROOT / "gold" / "actors" / "aliases.tsv", "frozen")
    assert frozen["pairs"] == 193 and frozen["same"] == 51
    assert frozen["precision"] >= FLOORS["identity_frozen_precision"]
    assert frozen["recall"] >= FLOORS["identity_frozen_recall"]
    tuning = evaluate_aliases(ROOT / "gold" / "actors" / "aliases.tsv", "tuning")
    assert tuning["recall"] >= FLOORS["identity_tuning_recall"]
    hard = tuning["by_kind"]["person_same_surname"]
    assert hard["pairs"] > 100 and hard["merged"] == 0
    # wrong pairs are listed for the tuning part only; the frozen part's are counted
    assert frozen["errors"] == [] and frozen["frozen_errors"] == 51 - round(51 * frozen["recall"])
    every = evaluate_aliases(ROOT / "gold" / "actors" / "aliases.tsv", "all")
    assert len(every["errors"]) == len(tuning["errors"])


def test_identity_alias_list_bad_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.tsv"
    bad.write_text("name\tother\nA\tB\n", encoding="utf-8")
    with pytest.raises(EventwireError, match="is not an alias list"):
        evaluate_aliases(bad)
    with pytest.raises(EventwireError, match="cannot read alias list"):
        evaluate_aliases(tmp_path / "missing.tsv")


def _id(name: str, type: str = "PERSON", country: str | None = None, sector=None) -> str:
    return slug(identify(Actor("A1", name, type, country, sector)).key)


@pytest.mark.parametrize(
    ("names", "type"),
    [
        (["Donald Trump", "Donald J. Trump", "Sen. Donald Trump", "former President Donald Trump"],
         "PERSON"),
        (["Hillary Clinton", "Hillary Rodham Clinton", "Mrs. Hillary Clinton"], "PERSON"),
        (["Republican Party", "GOP", "Republicans", "the Republican Party"], "ORG"),
        (["FBI", "Federal Bureau of Investigation"], "ORG"),
        (["DNC", "Democratic National Committee"], "ORG"),
        (["The New York Times", "New York Times"], "MEDIA"),
        # a plural -s slipped into a word; a descriptor before the name
        (["Federal Communications Commission", "Federal Communication Commission"], "ORG"),
        (["Future Forward USA Action", "PAC Future Forward USA Action",
          "super PAC Future Forward USA Action"], "ORG"),
    ],
)  # fmt: skip
def test_identity_names_of_one_actor_share_an_id(names: list[str], type: str) -> None:
    assert len({_id(n, type) for n in names}) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Hillary Clinton", "Bill Clinton"),
        ("Jeb Bush", "George W. Bush"),
        ("George W. Bush", "George H.W. Bush"),
        ("Donald Trump", "Donald Trump Jr."),
        ("Democratic National Committee", "Democratic National Convention"),
        ("Federal Communications Commission", "Federal Election Commission"),
    ],
)
def test_identity_different_actors_keep_apart(first: str, second: str) -> None:
    kind = "ORG" if first.endswith(("Committee", "Commission")) else "PERSON"
    assert _id(first, kind) != _id(second, kind)


def test_identity_a_misspelt_name_the_dictionary_found_joins_its_entry() -> None:
    from eventwire.stages.actors.dictionary import load_actor_dictionary

    found = load_actor_dictionary(None).lookup_person("Angela Merkle")
    slip = identify(Actor("A1", "Angela Merkle", "PERSON", ref=found.ref))
    assert slug(slip.key) == _id("Angela Merkel")
    assert slip.name == "Angela Merkle"  # the name as written stays with the actor
    # without the dictionary's evidence a different spelling is a different name
    assert _id("Angela Merkle") != _id("Angela Merkel")
    # initials the dictionary's name lacks are kept (George H.W. and George W. Bush)
    bush = load_actor_dictionary(None).lookup_person("George W. Bush")
    if bush is not None:
        assert _id("George W. Bush") == slug(
            identify(Actor("A1", "George W. Bush", "PERSON", ref=bush.ref)).key
        )


def test_identity_government_forms_join_their_country() -> None:
    russia = _id("Russia", "COUNTRY", "RUS")
    assert _id("Kremlin", "ORG", "RUS", "GOV") == russia
    assert _id("the Kremlin", "ORG", None, "GOV") == russia
    assert _id("Russian government", "GROUP", "RUS", "GOV") == russia
    assert _id("Russian Orthodox Church", "ORG", "RUS", "CVL") != russia


def test_identity_regime_and_authorities_are_their_countrys_government() -> None:
    belarus = _id("Belarus", "COUNTRY", "BLR")
    assert _id("Belarusian regime", "GROUP", "BLR", "GOV") == belarus
    assert _id("Belarusian authorities", "GROUP", "BLR", "GOV") == belarus
    # its officials, ministers or police are not the country
    assert _id("Belarusian officials", "GROUP", "BLR", "GOV") != belarus
    assert _id("Belarusian police", "GROUP", "BLR", "COP") != belarus


def test_identity_a_middle_name_in_use_joins_the_dictionary_entry() -> None:
    from eventwire.stages.actors.dictionary import load_actor_dictionary

    dictionary = load_actor_dictionary(None)
    entry = dictionary.lookup_person("Tayyip Erdogan")
    assert entry is not None and entry.name == "Recep Tayyip Erdogan"
    short = identify(Actor("A1", "Tayyip Erdogan", "PERSON", ref=entry.ref))
    assert slug(short.key) == _id("Recep Tayyip Erdogan")
    # a relative with the surname is not the entry's person
    assert _id("Bilal Erdogan") != _id("Recep Tayyip Erdogan")


def test_identity_local_office_titles_are_no_given_name() -> None:
    assert _id("City Councilwoman Maria Ocampo") == _id("Maria Ocampo")
    assert identify(Actor("A1", "Councilman Ocampo", "PERSON")).key == "one:ocampo"


def test_identity_single_word_resolves_within_its_article_only_when_unique() -> None:
    hillary = identify(Actor("A1", "Hillary Clinton", "PERSON"))
    bill = identify(Actor("A2", "Bill Clinton", "PERSON"))
    bare = identify(Actor("A3", "Clinton", "PERSON"))
    assert bare.is_dependent
    assert resolve_in_article(bare, [hillary, bare]).key == hillary.key
    assert resolve_in_article(bare, [hillary, bill, bare]) == bare
    given = identify(Actor("A4", "Hillary", "PERSON"))
    assert resolve_in_article(given, [hillary, bill, given]).key == hillary.key


def test_identity_choose_candidate_needs_evidence() -> None:
    assert choose_candidate({"p:a": None}, None) == "p:a"
    assert choose_candidate({"p:a": "GOV", "p:b": None}, "GOV") == "p:a"
    assert choose_candidate({"p:a": "GOV", "p:b": "GOV"}, "GOV") is None
    assert choose_candidate({"p:a": "GOV", "p:b": "GOV"}, "GOV", {"p:a": 40, "p:b": 1}) == "p:a"
    assert choose_candidate({"p:a": "GOV", "p:b": "GOV"}, "GOV", {"p:a": 4, "p:b": 2}) is None
    assert choose_candidate({"p:a": None, "p:b": None}, None) is None


def test_identity_name_rank_is_a_total_order_of_preference() -> None:
    key = "person:donald trump"
    names = ["DONALD TRUMP", "Donald J. Trump", "Donald Trump", "Trump"]
    assert min(names, key=lambda n: name_rank(n, key, "PERSON")) == "Donald Trump"
    country = "country:USA"
    pairs = [("White House", "ORG"), ("United States", "COUNTRY")]
    assert min(pairs, key=lambda p: name_rank(p[0], country, p[1]))[0] == "United States"


# -- the store --

TEXT = "Filler text of an article that the actors below point into, long enough for offsets."


def _article(n: int, actors: list[tuple[str, str, str | None]]) -> Extraction:
    """An article whose actors are (name, type, sector), each with one event as actor."""
    built = [
        Actor(f"A{i + 1}", name, type, None, sector)
        for i, (name, type, sector) in enumerate(actors)
    ]
    events = [
        Event(
            key=f"E{i + 1}",
            type="CONSULT",
            quad_class=1,
            trigger="met",
            trigger_start=0,
            trigger_end=6,
            sentence_start=0,
            sentence_end=20,
            actors=[EventActor(a.name, 0, 6, a.key, a.name)],
        )
        for i, a in enumerate(built)
    ]
    article = Article(text=f"{TEXT} {n}", title=f"article {n}", published="2016-10-0" + str(n % 9))
    return Extraction(article=article, actors=built, events=events, status="ok")


ARTICLES = [
    [("Hillary Clinton", "PERSON", "GOV"), ("Clinton", "PERSON", "GOV")],
    [("Bill Clinton", "PERSON", None)],
    [("Clinton", "PERSON", None)],
    [("Donald J. Trump", "PERSON", "GOV"), ("GOP", "ORG", "PTY")],
    [("President-elect Trump", "PERSON", "GOV"), ("Republican Party", "ORG", "PTY")],
    [("Donald Trump", "PERSON", "GOV"), ("DNC", "ORG", None)],
    [("Democratic National Committee", "ORG", "PTY")],
    [("Kremlin", "ORG", "GOV"), ("Russia", "COUNTRY", None)],
]


def _ids(store: Store) -> dict[tuple[str, str], str]:
    rows = store._fetch("SELECT article_id, name, actor_id FROM actors")
    titles = {r["id"]: r["title"] for r in store._fetch("SELECT id, title FROM articles")}
    return {(titles[r["article_id"]], r["name"]): r["actor_id"] for r in rows}


def _save(target: str, order: list[int]) -> dict[tuple[str, str], str]:
    with Store.open(target) as store:
        for n in order:
            extraction = _article(n, ARTICLES[n])
            if extraction.actors and extraction.actors[-1].type == "COUNTRY":
                extraction.actors[-1].country = "RUS"
                extraction.actors[0].country = "RUS"
            store.save(extraction)
        return _ids(store)


def test_store_gives_one_id_per_actor_across_articles(store_target: str) -> None:  # noqa: F811
    ids = _save(store_target, list(range(len(ARTICLES))))
    trump = {ids[("article 3", "Donald J. Trump")], ids[("article 4", "President-elect Trump")]}
    assert trump == {ids[("article 5", "Donald Trump")]} == {"person:donald-trump"}
    assert ids[("article 3", "GOP")] == ids[("article 4", "Republican Party")]
    assert ids[("article 5", "DNC")] == ids[("article 6", "Democratic National Committee")]
    assert ids[("article 7", "Kremlin")] == ids[("article 7", "Russia")] == "country:RUS"
    # the Clintons: "Clinton" beside Hillary in its article is Hillary; alone it is neither
    assert ids[("article 0", "Clinton")] == ids[("article 0", "Hillary Clinton")]
    assert ids[("article 2", "Clinton")] == "person:clinton"
    assert ids[("article 1", "Bill Clinton")] != ids[("article 0", "Hillary Clinton")]
    with Store.open(store_target) as store:
        top = store.top_actors(20)
        assert {"person:donald-trump": 3}.items() <= {t["id"]: t["events"] for t in top}.items()
        listed = {a["id"]: a for a in store.actors(limit=50)}
        assert set(listed["person:donald-trump"]["names"]) == {
            "Donald Trump",
            "Donald J. Trump",
            "President-elect Trump",
        }
        assert listed["person:donald-trump"]["name"] == "Donald Trump"
        stream = io.StringIO()
        export(store, "plover", stream)
        records = [json.loads(line) for line in stream.getvalue().splitlines()]
        exported = {r["actor"][0]["identifier_text"]: r["actor"][0]["actor_id"] for r in records}
        assert exported["Donald J. Trump"] == exported["Donald Trump"] == "person:donald-trump"


@pytest.mark.parametrize("seed", range(3))
def test_store_ids_do_not_depend_on_ingest_order(tmp_path: Path, seed: int) -> None:
    orders = list(itertools.permutations(range(len(ARTICLES))))
    forward = _save(str(tmp_path / "a.db"), list(range(len(ARTICLES))))
    other = _save(str(tmp_path / f"b{seed}.db"), list(orders[(seed + 1) * 7919 % len(orders)]))
    assert forward == other
    # a surname alone, then the only full-name person with it: the surname joins afterwards
    late = _save(str(tmp_path / "late.db"), [2, 1])
    assert late[("article 2", "Clinton")] == late[("article 1", "Bill Clinton")]


def test_store_merge_and_split_persist_across_ingests(store_target: str) -> None:  # noqa: F811
    _save(store_target, list(range(len(ARTICLES))))
    with Store.open(store_target) as store:
        moved = store.merge_actors("person:hillary-clinton", "person:clinton")
        assert moved == 1
        assert store.actor_id_of("person:clinton") is None
        events = store.actor_event_counts(["person:hillary-clinton"])
        assert events["person:hillary-clinton"] == 3
        # a later article with the same bare surname follows the correction
        store.save(_article(11, [("Clinton", "PERSON", None)]))
        assert _ids(store)[("article 11", "Clinton")] == "person:hillary-clinton"
        split = store.split_actor("person:donald-trump", ["President-elect Trump"])
        assert split == {"President-elect Trump": "person:trump"}
        store.save(_article(12, [("President-elect Trump", "PERSON", "GOV")]))
        ids = _ids(store)
        assert ids[("article 12", "President-elect Trump")] == "person:trump"
        assert ids[("article 5", "Donald Trump")] == "person:donald-trump"
        counts = store.actor_event_counts(["person:trump", "person:donald-trump"])
        assert counts == {"person:trump": 2, "person:donald-trump": 2}
        with pytest.raises(StoreError, match="no actor with id 'person:nobody'"):
            store.merge_actors("person:nobody", "person:donald-trump")
        with pytest.raises(StoreError, match="has no name 'Nobody'"):
            store.split_actor("person:donald-trump", ["Nobody"])


def test_store_upgrade_from_version_7_fills_the_ids(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    with Store.open(path, target_version=7) as old:
        assert old.version == 7
    with sqlite3.connect(path) as conn:
        for n, names in enumerate((["Donald Trump", "Hillary Clinton"], ["Donald J. Trump"])):
            conn.execute(
                "INSERT INTO articles (id, title, text, published, published_source, keywords, "
                "source, format, status, schema_version, extractor_version, ingested_at) "
                "VALUES (?, ?, 'text', '2016-10-09', 'unknown', '[]', 'old.txt', 'text', 'ok', "
                "'1.0', '0.0.1', '2024-01-01T00:00:00+00:00')",
                (f"old{n}", f"old {n}"),
            )
            for seq, name in enumerate(names):
                conn.execute(
                    "INSERT INTO actors (article_id, seq, key, name, type, sector) "
                    "VALUES (?, ?, ?, ?, 'PERSON', 'GOV')",
                    (f"old{n}", seq, f"A{seq + 1}", name),
                )
            conn.execute(
                "INSERT INTO events (id, article_id, seq, key, type, quad_class, trigger_text, "
                "trigger_start, trigger_end, sentence_start, sentence_end, context, modality, "
                "evidence, raw) VALUES (?, ?, 0, 'E1', 'CONSULT', 1, 'met', 0, 3, 0, 4, '[]', "
                "'asserted', 'met', '{}')",
                (f"old{n}:1", f"old{n}"),
            )
            conn.execute(
                "INSERT INTO event_actors (event_id, role, seq, actor_key, text, start_char, "
                "end_char, name) VALUES (?, 'actor', 0, 'A1', ?, 0, 3, ?)",
                (f"old{n}:1", names[0], names[0]),
            )
    conn.close()
    with Store.open(path) as store:
        assert store.version >= 9
        ids = _ids(store)
        assert ids[("old 0", "Donald Trump")] == ids[("old 1", "Donald J. Trump")]
        assert ids[("old 0", "Hillary Clinton")] == "person:hillary-clinton"
        assert store.actor_event_counts(["person:donald-trump"]) == {"person:donald-trump": 2}


def test_store_postgres_upgrade_from_version_7_fills_the_ids(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url, target_version=7) as old:
        assert old.version == 7
    execute_raw(
        pg_url,
        [
            (
                "INSERT INTO articles (id, title, text, published, published_source, keywords, "
                "source, format, status, schema_version, extractor_version, ingested_at) VALUES "
                "('old1', 'old', 'text', '2016-10-09', 'unknown', '[]', 'old.txt', 'text', "
                "'ok', '1.0', '0.0.1', '2024-01-01T00:00:00+00:00')",
                (),
            ),
            (
                "INSERT INTO actors (article_id, seq, key, name, type) VALUES ('old1', 0, 'A1', "
                "'GOP', 'ORG')",
                (),
            ),
        ],  # fmt: skip
    )
    with Store.open(pg_url) as store:
        assert store.actor_id_of("GOP") == "org:republican-party"


def test_cli_actors_merge_split_and_eval(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli.app import app

    db = str(tmp_path / "cli.db")
    _save(db, list(range(len(ARTICLES))))
    runner = CliRunner()
    listed = runner.invoke(app, ["actors", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    assert "person:donald-trump" in {row["id"] for row in json.loads(listed.output)}
    merged = runner.invoke(
        app, ["actors", "merge", "person:hillary-clinton", "person:clinton", "--db", db]
    )
    assert merged.exit_code == 0 and "1 actor rows re-pointed" in merged.output
    split = runner.invoke(
        app, ["actors", "split", "person:donald-trump", "--name", "Donald J. Trump", "--db", db]
    )
    assert split.exit_code == 0 and "person:donald-trump~" in split.output
    unknown = runner.invoke(app, ["actors", "merge", "person:nobody", "person:trump", "--db", db])
    assert unknown.exit_code != 0
    aliases = ROOT / "gold" / "actors" / "aliases.tsv"
    scored = runner.invoke(app, ["eval", "actors", "--aliases", str(aliases), "--json"])
    assert scored.exit_code == 0
    assert json.loads(scored.output)["pairs"] == 668
