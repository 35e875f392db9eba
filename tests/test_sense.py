"""The learned sense step of the events stage: features, the model, the actor rule, training."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest

from eventwire.pipeline import annotate
from eventwire.stages.events.roles import is_actor
from eventwire.stages.events.sense import (
    NONE,
    SenseModel,
    candidate_features,
    dense_features,
    load_sense_models,
)
from eventwire.stages.events.train import (
    Example,
    _folds,
    assign_labels,
    cross_validate,
    fit_model,
    read_labels,
    train,
)

PUBLISHED = "2024-11-29"


def test_sense_features_read_the_parse(candidates):
    doc, events = candidates("Police arrested dozens of protesters in Nairobi on Tuesday.")
    arrest = next(e for e in events if e.trigger == "arrested")
    kinds = {a.key: a.type for a in doc._.actors}
    feats = candidate_features(doc, arrest, kinds)
    assert feats["lemma=arrest"] == 1.0
    assert feats[f"type={arrest.type}"] == 1.0
    assert feats["pos=VERB"] == 1.0
    assert "child=dobj" in feats


def test_sense_features_know_the_participants_sectors(candidates):
    # who attacks says what the attack is: armed men, or a legislator's words
    doc, events = candidates("Gunmen attacked the convoy of Senator Ellen Marsh near Kano.")
    attack = next(e for e in events if e.trigger == "attacked")
    kinds = {a.key: a.type for a in doc._.actors}
    feats = candidate_features(doc, attack, kinds)
    assert [p.sector for p in attack.actors] == ["UAF"]
    assert feats["source.sector=UAF"] == 1.0
    assert feats[f"source.sector_kind=armed|type={attack.type}"] == 1.0
    assert feats["lemma=attack|source.sector_kind=armed"] == 1.0
    doc, events = candidates("Senator Tom Bryce attacked the governor over the budget.")
    attack = next(e for e in events if e.trigger == "attacked")
    feats = candidate_features(doc, attack, {a.key: a.type for a in doc._.actors})
    assert feats["lemma=attack|source.sector_kind=state"] == 1.0
    assert not any("armed" in name for name in feats)


def test_sense_model_probabilities_sum_to_one():
    model = SenseModel(["ACCUSE", NONE], {"bias": [0.0, 0.5], "lemma=blame": [2.0, -1.0]}, {})
    probs = model.probabilities({"bias": 1.0, "lemma=blame": 1.0})
    assert sum(probs.values()) == pytest.approx(1.0)
    scored = model.score({"bias": 1.0, "lemma=blame": 1.0})
    assert scored.label == "ACCUSE" and scored.probability > 0.9
    assert model.score({"bias": 1.0}).event_probability < 0.5


def test_sense_model_scores_many_inputs_as_it_scores_each():
    model = SenseModel(
        ["ACCUSE", "SUPPORT", NONE],
        {"bias": [0.0, 0.2, 0.5], "lemma=blame": [2.0, -1.0, -1.0], "quote": [0.0, 1.5, 0.1]},
        {},
    )
    inputs = [{"bias": 1.0, "lemma=blame": 1.0}, {"bias": 1.0, "quote": 1.0}, {"bias": 1.0}]
    together = model.score_all(inputs)
    assert [s.label for s in together] == ["ACCUSE", "SUPPORT", "SUPPORT"]
    for one, scored in zip(inputs, together, strict=True):
        alone = model.score(one)
        assert scored.probability == pytest.approx(alone.probability)
        assert scored.event_probability == pytest.approx(alone.event_probability)
    assert model.score_all([]) == []


def test_sense_model_scores_a_vector_as_its_named_components():
    weights = {"bias": [0.1, -0.2], "dense:v:0": [1.0, -1.0], "dense:v:2": [0.5, 2.0]}
    model = SenseModel(["right", "wrong"], weights, {})
    vector = np.array([0.3, -4.0, 1.5], dtype=np.float32)
    named = model.probabilities({"bias": 1.0} | dense_features({"v": vector}))
    fast = model.probabilities({"bias": 1.0}, {"v": vector, "unknown": vector})
    assert fast == pytest.approx(named)
    assert fast["right"] != pytest.approx(model.probabilities({"bias": 1.0})["right"])


def test_sense_model_scores_several_inputs_at_once_as_one_by_one():
    weights = {
        "bias": [0.1, -0.2],
        "near": [1.5, -0.5],
        "far": [-2.0, 0.3],
        "dense:v:0": [1.0, -1.0],
        "dense:v:1": [0.5, 2.0],
    }
    model = SenseModel(["right", "wrong"], weights, {})
    v = np.array([0.3, -4.0], dtype=np.float32)
    inputs = [
        ({"bias": 1.0, "near": 1.0}, {"v": v}),
        ({"bias": 1.0, "far": 0.5, "unseen": 1.0}, {}),
        ({}, {"v": -v}),
        ({"bias": 1.0, "near": 0.0}, {"v": v, "unknown": v}),
    ]
    together = model.probabilities_of([f for f, _ in inputs], [v for _, v in inputs])
    alone = [model.probabilities(f, v) for f, v in inputs]
    assert len({round(p["right"], 6) for p in alone}) == 4, "the inputs differ"
    for one, batched in zip(alone, together, strict=True):
        assert batched == pytest.approx(one)
    named = model.probabilities({"bias": 1.0, "far": 0.5} | dense_features({"v": v}))
    assert model.probabilities({"bias": 1.0, "far": 0.5}, {"v": v}) == pytest.approx(named)
    assert model.probabilities_of([], []) == []


def test_sense_shipped_model_loads_and_separates(nlp):
    models = load_sense_models()
    assert models is not None and NONE in models.type.labels
    assert models.participants is not None
    real = next(
        e
        for e in annotate(
            nlp("Russia launched missile strikes on Kyiv on Friday."), PUBLISHED
        )._.events
        if e.type == "ASSAULT"
    )
    assert real.confidence >= 0.1


@pytest.mark.parametrize(
    ("text", "words", "expected", "target_of_attack"),
    [
        ("Chicken sellers in Yaounde protested the rules.", "Chicken sellers", True, True),
        ("The commission rejected the plan.", "The commission", True, True),
        ("Officials acknowledged the lack of agreement.", "the lack of agreement", False, False),
        ("She praised the outcome of the vote.", "the outcome of the vote", False, False),
        ("The accusation angered Beijing.", "The accusation", False, False),
        ("Police seized critical data in the raid.", "critical data", False, False),
        ("Gunmen attacked a passenger train.", "a passenger train", False, True),
        # nouns of neither list: WordNet's most frequent senses decide
        ("Exporters condemned the embargo.", "the embargo", False, False),
        ("The leadership turned down the offer.", "The leadership", True, True),
        ("Mortars struck a hotel near the port.", "a hotel", False, True),
        ("The envoy thanked the donors.", "The envoy", True, True),
    ],
)
def test_sense_participant_must_be_an_actor(nlp, text, words, expected, target_of_attack):
    from eventwire.records import EventActor

    doc = nlp(text)
    start = text.index(words)
    part = EventActor(words, start, start + len(words))
    assert is_actor(doc, part) is expected
    # a made thing is no actor, but may be the target of an attack or seizure;
    # acts and ideas never are
    assert is_actor(doc, part, objects=True) is target_of_attack


def test_sense_labels_by_overlap_one_candidate_per_row():
    rows = [
        {"start": 10, "end": 18, "label": "ACCUSE"},
        {"start": 40, "end": 45, "label": "REQUEST", "note": "doubtful"},
        # a long gold trigger over two candidates, and a short one inside it
        {"start": 100, "end": 130, "label": "REQUEST"},
        {"start": 122, "end": 129, "label": "RETREAT"},
    ]
    spans = [(12, 16), (41, 44), (60, 66), (100, 106), (122, 129), (108, 112)]
    found = assign_labels(spans, rows, exhaustive=True)
    assert found[0] == rows[0]
    assert found[1] is None  # only a doubtful row covers it
    assert found[2] == {"label": NONE}
    # the short row takes its own candidate, the long one the other it overlaps most;
    # a third candidate inside the long row is left out, not counted a non-event
    assert (found[3], found[4], found[5]) == (rows[2], rows[3], None)
    assert assign_labels([(60, 66)], rows, exhaustive=False) == [None]


def test_sense_read_labels_names_the_bad_line(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"doc": "a", "start": 1, "end": 4, "label": "accuse"}\n{"doc": "a"}\n')
    with pytest.raises(Exception, match=r"labels.jsonl:2"):
        read_labels([path])


def test_sense_penalty_search_scores_each_penalty_as_a_fit_from_scratch():
    """The search fits each fold once per penalty from the last fit's weights;
    its held-out log loss must be what fitting each penalty from zero and
    scoring row by row gives."""
    rng = random.Random(7)
    examples = []
    for n in range(40):
        for _ in range(6):
            hostile = rng.random() < 0.5
            words = {"bias": 1.0, f"w{rng.randrange(8)}": 1.0, "strength": rng.random()}
            words["angry" if hostile == (rng.random() < 0.8) else "calm"] = 1.0
            label = "ACCUSE" if hostile else rng.choice([NONE, "SUPPORT"])
            examples.append(Example(f"doc{n}", words, label, {}, None))
    searched = cross_validate(examples, penalties=(0.3, 3.0, 30.0))
    for penalty, found in searched.items():
        loss = n = 0
        for held in _folds(examples, 5):
            kept = [(e.features, e.label) for e in examples if e.doc not in held]
            model = fit_model(kept, penalty)
            for e in examples:
                if e.doc in held:
                    loss -= math.log(model.probabilities(e.features).get(e.label, 0.0) + 1e-12)
                    n += 1
        assert found["log_loss"] == pytest.approx(loss / n, abs=2e-3)
    assert searched[30.0]["log_loss"] != pytest.approx(searched[0.3]["log_loss"], abs=1e-3)
    assert cross_validate(examples[:6]) == {}, "one article: nothing held out to compare"


def test_sense_train_on_a_labelled_folder(tmp_path, monkeypatch):
    """`eventwire train` end to end on our own two small articles, then the model is used."""
    texts = {
        "a1": "Germany condemned Russia on Monday. A storm hit the coast of Bremen.",
        "a2": "France criticized Iran on Tuesday. Heavy rain hit the port of Marseille.",
    }
    manifest = []
    rows = []
    for doc, text in texts.items():
        (tmp_path / f"{doc}.txt").write_text(text)
        manifest.append({"doc": doc, "file": f"{doc}.txt", "published": PUBLISHED})
        for word, label in (("condemned", "ACCUSE"), ("criticized", "ACCUSE")):
            if word in text:
                start = text.index(word)
                rows.append({"doc": doc, "start": start, "end": start + len(word), "label": label})
        for word in ("hit",):
            start = text.index(word)
            rows.append({"doc": doc, "start": start, "end": start + len(word), "label": "NONE"})
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    models, report = train([tmp_path], penalty=1.0)
    assert report["examples"] == 4
    assert set(models.type.labels) == {"ACCUSE", NONE}
    model_file = tmp_path / "model.json"
    model_file.write_text(json.dumps(models.to_json()))
    monkeypatch.setenv("EVENTWIRE_SENSE_MODEL", str(model_file))
    load_sense_models.cache_clear()
    try:
        loaded = load_sense_models()
        assert loaded.type.labels == models.type.labels
    finally:
        monkeypatch.delenv("EVENTWIRE_SENSE_MODEL")
        load_sense_models.cache_clear()


def test_sense_judgement_candidates_take_praise_or_blame_anywhere_in_their_sentence():
    rows = [
        {"start": 30, "end": 42, "label": "ACCUSE"},  # "is a failure", no candidate on it
        {"start": 50, "end": 56, "label": "REQUEST"},
        {"start": 130, "end": 140, "label": "SUPPORT", "note": "doubtful"},
        {"start": 200, "end": 215, "label": "SANCTION"},  # "imposed a ban"
    ]
    spans = [(10, 14), (50, 56), (110, 115), (200, 207), (210, 215)]
    sentences = [(0, 100), None, (100, 150), (150, 250), None]
    found = assign_labels(spans, rows, True, sentences)
    assert found[0] == rows[0]  # the sentence's blame, though the words differ
    assert found[1] == rows[1]  # other candidates by overlap, as before
    assert found[2] is None  # only doubtful praise in its sentence: left out
    # a judgement on a word of another event takes no row of it: the ban's own
    # candidate does, and the sentence says nothing for or against
    assert (found[3], found[4]) == ({"label": NONE}, rows[3])


def test_sense_judgement_candidate_on_the_main_verb_by_the_speaker(candidates, nlp):
    from eventwire.records import Article
    from eventwire.stages.events.train import propose_candidates

    text = (
        "Governor Alma Reyes spoke in Denver on Tuesday. "
        '"Senator Tomas Lind has done nothing for this state," Reyes said. '
        "Reyes accused Lind of lying. The weather was mild."
    )
    doc = nlp(text)
    events, _, _, judged = propose_candidates(doc, Article(text=text, published="2024-11-29"))
    found = [e for e in events if id(e) in judged]
    by_sentence = {doc.char_span(e.sentence_start, e.sentence_end).text: e for e in found}
    # one on each sentence that names an actor and has no ACCUSE of its own
    assert set(by_sentence) == {
        "Governor Alma Reyes spoke in Denver on Tuesday.",
        '"Senator Tomas Lind has done nothing for this state," Reyes said.',
    }
    quoted = by_sentence['"Senator Tomas Lind has done nothing for this state," Reyes said.']
    assert quoted.trigger == "said" and quoted.type == "ACCUSE"
    assert [a.text for a in quoted.actors] == ["Reyes"]  # the speaker


def test_sense_judgement_candidates_the_model_reads_as_no_event_are_dropped(nlp):
    from eventwire.pipeline import annotate

    text = "Governor Alma Reyes arrived in Denver on Tuesday for a conference on water."
    assert not [e for e in annotate(nlp(text), "2024-11-29")._.events if e.type == "ACCUSE"]
