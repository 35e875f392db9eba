"""The learned role chooser: the options it offers, their features, the choice, training."""

from __future__ import annotations

import json

import pytest

from eventwire.records import EventActor
from eventwire.stages.events.lexicon import load_event_lexicon
from eventwire.stages.events.roles import (
    ROLES,
    Option,
    _best_pair,
    _parse_of,
    choose_roles,
    dependency_path,
    described_options,
    resolver_for,
    role_options,
    trigger_tokens,
)
from eventwire.stages.events.sense import SenseModels, load_sense_models
from eventwire.stages.events.train import train

PUBLISHED = "2025-03-14"


def token(doc, word):
    return next(t for t in doc if t.text == word)


def write_labelled(folder, texts, rows):
    """A training folder: the texts, a manifest marking them exhaustive, the label rows."""
    manifest = []
    for doc, text in texts.items():
        (folder / f"{doc}.txt").write_text(text)
        manifest.append(
            {"doc": doc, "file": f"{doc}.txt", "published": PUBLISHED, "exhaustive": True}
        )
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_roles_dependency_path_names_prepositions(nlp):
    doc = nlp("The envoy met with the rebel commanders in a village near the border.")
    met = token(doc, "met")
    assert dependency_path(met, token(doc, "envoy")) == ([], ["nsubj"], set())
    path = dependency_path(met, token(doc, "commanders"))
    assert (path.up, path.down) == ([], ["with"])
    # from the commanders up to the verb, then down to the envoy: the verb is between
    path = dependency_path(token(doc, "commanders"), token(doc, "envoy"))
    assert path.down == ["nsubj"] and met.i in path.through


def test_roles_parse_arrays_are_each_words_head_relation_and_form(nlp):
    # read from the document's arrays (heads stored as offsets, to the left
    # and to the right), they must say what each token says
    doc = nlp("Rebels attacked the convoy. The minister, angry, condemned them in Geneva.")
    heads, deps, lowers = _parse_of(doc)
    assert heads == [t.head.i for t in doc]
    assert deps == [t.dep_ for t in doc]
    assert lowers == [t.lower_ for t in doc]
    assert any(h > i for i, h in enumerate(heads)) and any(h < i for i, h in enumerate(heads))


def test_roles_chosen_for_a_document_at_once_as_for_each_event_alone(candidates):
    # every option of the document is scored in one product: each event must
    # get the roles and the probability it gets when it is the only one chosen
    models = load_sense_models()
    assert models is not None and models.roles is not None
    text = (
        "Kenya's foreign minister met his Somali counterpart in Nairobi on Friday. "
        "Somalia accused Kenya of meddling, and Kenya denied it. Police arrested "
        "two journalists after the army attacked a village."
    )
    doc, together = candidates(text)
    kinds = {a.key: a.type for a in doc._.actors}
    resolver = resolver_for(doc, load_event_lexicon())
    right = choose_roles(doc, together, kinds, models.roles, resolver)
    assert len(together) >= 4
    for n in range(len(together)):
        doc, alone = candidates(text)
        others = {id(e) for k, e in enumerate(alone) if k != n}
        resolver = resolver_for(doc, load_event_lexicon())
        one = choose_roles(doc, alone, kinds, models.roles, resolver, others)
        assert list(one.values()) == pytest.approx([right[id(together[n])]])
        assert [a.text for a in alone[n].actors] == [a.text for a in together[n].actors]
        assert [r.text for r in alone[n].recipients] == [r.text for r in together[n].recipients]


def test_roles_options_are_the_rules_answer_then_the_sentence_parties(candidates):
    doc, events = candidates(
        "Sudanese troops shelled the camp, and aid workers said residents fled to Chad."
    )
    [shelling] = [e for e in events if e.trigger == "shelled"]
    resolver = resolver_for(doc, load_event_lexicon())
    for role in ROLES:
        options = role_options(doc, shelling, role, resolver)
        assert options[0].rule and not any(o.rule for o in options[1:])
        words = [p.text for o in options[1:] for p in o.parts]
        # every other party once, and none the rules already chose for this role
        rule_words = {p.text for p in options[0].parts}
        assert len(words) == len(set(words)) and not rule_words & set(words)
    targets = [p.text for o in role_options(doc, shelling, "target", resolver) for p in o.parts]
    assert "aid workers" in targets or "workers" in targets


@pytest.mark.parametrize(
    "text",
    [
        "Talks between the two delegations were held in Doha on Monday.",
        "A convoy of the mission was ambushed near Goma.",
    ],
)
def test_roles_a_place_where_it_happens_is_no_option(candidates, text):
    doc, events = candidates(text)
    assert events
    resolver = resolver_for(doc, load_event_lexicon())
    for event in events:
        for role in ROLES:
            offered = {p.text for o in role_options(doc, event, role, resolver) for p in o.parts}
            assert not offered & {"Doha", "Goma"}, (event.trigger, role, offered)


def test_roles_features_mark_a_party_of_another_event(candidates):
    doc, events = candidates("Police arrested the blogger after Norway condemned the raid.")
    [detention] = [e for e in events if e.trigger == "arrested"]
    resolver = resolver_for(doc, load_event_lexicon())
    triggers = trigger_tokens(doc, events)
    described = described_options(doc, detention, "source", {}, resolver, triggers)
    norway = [f for o, f, _ in described if any(p.text == "Norway" for p in o.parts)]
    assert norway and "source|via_trigger" in norway[0]


def test_roles_features_know_each_options_sector(candidates):
    doc, events = candidates("Soldiers shot two farmers near the border post.")
    [shooting] = [e for e in events if e.trigger == "shot"]
    resolver = resolver_for(doc, load_event_lexicon())
    described = described_options(doc, shooting, "source", {}, resolver)
    soldiers = [f for o, f, _ in described if any(p.text == "Soldiers" for p in o.parts)]
    assert soldiers and soldiers[0][f"source|sector_kind=armed|type={shooting.type}"] == 1.0
    described = described_options(doc, shooting, "target", {}, resolver)
    farmers = [f for o, f, _ in described if any("farmers" in p.text for p in o.parts)]
    assert farmers and farmers[0][f"target|sector_kind=civil|type={shooting.type}"] == 1.0


def test_roles_options_carry_the_context_vectors_of_their_head_and_its_governor(candidates):
    doc, events = candidates("Soldiers shot two farmers near the border post.")
    [shooting] = [e for e in events if e.trigger == "shot"]
    resolver = resolver_for(doc, load_event_lexicon())
    described = described_options(doc, shooting, "target", {}, resolver)
    for option, _, vectors in described:
        if not option.parts:
            assert vectors == {}, "nobody has no words to read"
            continue
        head = option.head
        assert (vectors["target|context"] == doc.tensor[head.i]).all()
        assert vectors["target|context"].shape == (96,)
        if head.head.i == head.i:
            assert set(vectors) == {"target|context"}, "a sentence's root governs nothing"
        else:
            assert set(vectors) == {"target|context", "target|governor"}
            assert (vectors["target|governor"] == doc.tensor[head.head.i]).all()
    assert any("target|governor" in vectors for _, _, vectors in described)


def test_roles_shipped_model_reads_the_context_vectors():
    models = load_sense_models()
    assert models is not None and models.roles is not None
    for role in ("source", "target"):
        for name in ("context", "governor"):
            block = models.roles.blocks[f"{role}|{name}"]
            assert block.shape == (96, 2) and abs(block).sum() > 0


def test_roles_choice_never_names_one_actor_twice_and_scores_it(candidates):
    models = load_sense_models()
    assert models is not None and models.roles is not None, "the shipped model has a role model"
    doc, events = candidates(
        "Kenya's foreign minister met his Somali counterpart in Nairobi on Friday. "
        "Somalia accused Kenya of meddling, and Kenya denied it.",
    )
    kinds = {a.key: a.type for a in doc._.actors}
    right = choose_roles(doc, events, kinds, models.roles, resolver_for(doc, load_event_lexicon()))
    assert set(right) == {id(e) for e in events}
    for event in events:
        assert 0.0 <= right[id(event)] <= 1.0
        assert not any(
            a.actor and a.actor == r.actor for a in event.actors for r in event.recipients
        ), event.trigger


def test_roles_pair_is_the_likeliest_that_names_two_actors():
    kenya, somalia, envoy = (
        EventActor(name, n * 10, n * 10 + 5, actor=f"A{n}")
        for n, name in enumerate(("Kenya", "Somalia", "envoy"))
    )

    def options(*choices):
        return [(p, Option([a] if a else [], None, n == 0)) for n, (p, a) in enumerate(choices)]

    def names(pair):
        return [[a.text for a in scored[1].parts] for scored in pair]

    # Kenya is each role's likeliest; the pair keeps it where it costs least
    sources = options((0.3, envoy), (0.9, kenya))
    targets = options((0.8, kenya), (0.6, somalia))
    assert names(_best_pair(sources, targets)) == [["Kenya"], ["Somalia"]]
    sources = options((0.55, envoy), (0.6, kenya))
    targets = options((0.9, kenya), (0.2, somalia))
    assert names(_best_pair(sources, targets)) == [["envoy"], ["Kenya"]]
    # where the rules found nobody, a party needs the fill margin over nobody
    sources = options((0.5, None), (0.55, envoy))
    targets = options((0.7, somalia))
    assert names(_best_pair(sources, targets)) == [[], ["Somalia"]]
    # every pair names one actor twice: the rules' answers
    sources = options((0.4, kenya))
    targets = options((0.9, kenya))
    assert names(_best_pair(sources, targets)) == [["Kenya"], ["Kenya"]]


def test_roles_model_trained_from_participant_words(tmp_path):
    """Rows with source and target words give a role model; flag-only rows do not."""
    texts = {
        "b1": "Chad's army attacked rebels near the border and the rebels vowed to hit back.",
        "b2": "Mali's army attacked militants in the north, and the militants threatened revenge.",
    }
    rows = []
    for doc, text in texts.items():
        start = text.index("attacked")
        target = "rebels" if "rebels" in text else "militants"
        source = text.split("'s")[0]
        rows.append(
            {
                "doc": doc,
                "start": start,
                "end": start + len("attacked"),
                "label": "ASSAULT",
                "source": f"{source}'s army / {source}",
                "target": target,
            }
        )
    write_labelled(tmp_path, texts, rows)
    models, report = train([tmp_path], penalty=1.0)
    assert report["role_examples"] > 4
    assert models.roles is not None and set(models.roles.labels) == {"right", "wrong"}
    again = SenseModels.from_json(json.loads(json.dumps(models.to_json())))
    assert again.roles is not None and again.roles.weights == models.roles.weights

    for row in rows:
        del row["source"], row["target"]
        row["source_ok"] = True
    write_labelled(tmp_path, texts, rows)
    models, report = train([tmp_path], penalty=1.0)
    assert report["role_examples"] == 0 and models.roles is None


def test_roles_training_measures_how_often_an_unnamed_source_is_nobody(tmp_path):
    """Of the labelled events whose sentence names none of their source, the
    share whose label names none at all is kept with the model, and an event
    the pipeline leaves without a source keeps that chance of being right."""
    from eventwire.records import Event, EventActor
    from eventwire.stages.events.sense import doubt_sourceless

    texts = {
        # the label names the attacker, the sentence does not
        "c1": "Three soldiers were killed near the border on Sunday. A storm hit the coast.",
        # nobody is named as the attacker, in the sentence or the label
        "c2": "Two farmers were shot in the village on Monday. Heavy rain hit the port.",
    }
    rows = []
    for doc, text in texts.items():
        word = "killed" if "killed" in text else "shot"
        start = text.index(word)
        rows.append(
            {
                "doc": doc,
                "start": start,
                "end": start + len(word),
                "label": "ASSAULT",
                "source": "Ansar Dine" if doc == "c1" else None,
                "target": text.split(" were")[0],
            }
        )
    write_labelled(tmp_path, texts, rows)
    models, report = train([tmp_path], penalty=1.0)
    assert models.meta["sourceless"] == report["sourceless"] == 0.5
    again = SenseModels.from_json(json.loads(json.dumps(models.to_json())))
    assert again.meta["sourceless"] == 0.5

    def event(actors):
        return Event("E1", "ASSAULT", 4, "shot", 0, 4, 0, 40, actors=actors, confidence=0.6)

    named = event([EventActor("Ansar Dine", 10, 20, actor="A1")])
    nobody = event([])
    doubt_sourceless([named, nobody], models)
    assert (named.confidence, nobody.confidence) == (0.6, 0.3)


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("NAIROBI, Kenya -- Police arrested three protesters on Monday.", "Kenya", "Police"),
        ("VOA: Officials in Lagos met the striking doctors.", "VOA", "Officials"),
        # a dash after ordinary words is no dateline
        ("The talks -- long delayed -- began in Geneva.", None, "talks"),
    ],
)
def test_dateline_words_are_no_participants(nlp, text, inside, outside):
    from eventwire.nlp import sentence_of
    from eventwire.stages.events.mentions import _in_dateline

    doc = nlp(text)
    word = {t.text: t for t in doc}
    if inside is not None:
        assert _in_dateline(word[inside], sentence_of(word[inside]))
    assert not _in_dateline(word[outside], sentence_of(word[outside]))
