"""Score actor codes on the PLOVER GSR records (``eventwire eval actors``).

Reads ``PLOVER_GSR_CAMEO.json``: each record's sentence (the plain text of
its ``textInfo.markup``) and its gold ``source`` and ``target`` actors, each
``{actorText, code, sector}``. Runs the shipped actors stage on the bare
sentence (no publication date: the records' ``date`` is a placeholder) and
compares the code of the actor it gives each gold actor.

Alignment (the only use of gold beyond the scores): a gold actor's span is
where its ``actorText`` sits inside a ``(SRC: ...)`` (sources) or
``(TAR: ...)`` (targets) mark whose text contains it, else the mark whose
text it contains, else its first occurrence in the sentence. The predicted
actor is the one with a mention overlapping that span most (ties: the
first). A gold target no actor overlaps takes the country of a place the
places stage resolved there (not a continent), with no sector: that is the
code the events stage gives a place it keeps as a recipient ("shelled Baku"
-> AZE; ``sense.keep_actor_participants``). Sources get no such fallback,
since the events stage keeps places as recipients only. A gold actor given
neither is a miss: its codes count as wrong.
Gold actors whose text cannot be found are left out and counted.

Codes compared: the country (gold ``JAP``, ``ITL``, ``VTN`` are read as
ISO ``JPN``, ``ITA``, ``VNM``; gold ``IGO`` also matches eventwire's ``UNO``
and ``EUR``, which PLOVER lists as IGOs), and the sector where the gold gives
one (its first three letters, ``CVLalb`` -> ``CVL``; ``***`` and a missing
sector give none; the typo ``CIV`` is ``CVL``). Code accuracy is correct codes
over gold codes, both kinds together; country and sector accuracy are given
apart, and ``actor_accuracy`` counts actors with every gold code right.

A split file (``gold/actors/gsr_split.json``) lists record ids in a
``frozen`` and a ``tuning`` part; every result gives ``tuning``, ``frozen``
and ``all``. Nothing is ever tuned on the frozen part. ``errors`` lists the
gold actors given a wrong code or none (``wrong_actors``), without the
frozen part's when a split is given.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import EvaluationError
from eventwire.evaluate.events import strip_markup
from eventwire.stages.actors.dictionary import IGO_CODES, code_country

NON_STATE_IGO = set(IGO_CODES)
SECTOR_TYPOS = {"CIV": "CVL"}


@dataclass
class GoldActor:
    """One gold source or target actor of a GSR record, located in its sentence."""

    record: str
    side: str  # source | target
    text: str
    span: tuple[int, int]
    country: str | None
    sector: str | None


@dataclass
class GoldSentence:
    id: str
    text: str
    actors: list[GoldActor]


def gold_country(code: str | None) -> str | None:
    if not code or code == "***":
        return None
    return code_country(code) or code


def gold_sector(sector: str | None) -> str | None:
    if not sector or sector.startswith("*"):
        return None
    head = sector[:3].upper()
    return SECTOR_TYPOS.get(head, head)


def locate(text: str, marks: list[tuple[int, int]], actor_text: str) -> tuple[int, int] | None:
    """The span of ``actor_text``: inside a mark, else a mark inside it, else anywhere."""
    for start, end in marks:
        at = text.find(actor_text, start, end)
        if at >= 0:
            return at, at + len(actor_text)
    for start, end in marks:
        if text[start:end] in actor_text:
            return start, end
    at = text.find(actor_text)
    return (at, at + len(actor_text)) if at >= 0 else None


def read_gold_actors(path: Path) -> tuple[list[GoldSentence], int]:
    """Gold sentences with their located actors, and the number of actors not found."""
    if not path.exists():
        raise EvaluationError(f"{path}: no such file; pass PLOVER_GSR_CAMEO.json")
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: not a PLOVER GSR JSON file ({exc})") from None
    sentences: list[GoldSentence] = []
    lost = 0
    for rec in records if isinstance(records, list) else []:
        info = rec.get("textInfo")
        markup = info.get("markup") if isinstance(info, dict) else None
        if not markup:
            continue
        text, marks = strip_markup(markup)
        actors = []
        for side, tag in (("source", "SRC"), ("target", "TAR")):
            entries = rec.get(side)
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict) or not entry.get("actorText"):
                    continue
                country = gold_country(entry.get("code"))
                sector = gold_sector(entry.get("sector"))
                if country is None and sector is None:
                    continue
                span = locate(text, marks[tag], re.sub(r"\s+", " ", entry["actorText"]).strip())
                if span is None:
                    lost += 1
                    continue
                actors.append(GoldActor(rec["id"], side, entry["actorText"], span, country, sector))
        if actors:
            sentences.append(GoldSentence(rec["id"], text, actors))
    return sentences, lost


def read_split(path: Path) -> dict[str, set[str]]:
    """The ``frozen`` and ``tuning`` record ids of a split file."""
    try:
        split = json.loads(path.read_text(encoding="utf-8"))
        return {part: set(split[part]) for part in ("frozen", "tuning")}
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise EvaluationError(
            f"{path}: not a split file with 'frozen' and 'tuning' id lists ({exc})"
        ) from None


def best_actor(actors, span: tuple[int, int], doc=None):
    """The actor one of whose mentions holds the syntactic head of the words at
    ``span`` ("African Union troops" are the troops, "students across Kenya"
    the students), else the actor whose mentions
    overlap ``span`` most (None when none does)."""
    words = doc.char_span(*span, alignment_mode="expand") if doc is not None else None
    if words is not None:
        head = words.root.idx
        for actor in actors:
            if any(m.start <= head < m.end for m in actor.mentions):
                return actor
    best, most = None, 0
    for actor in actors:
        overlap = max(
            (min(m.end, span[1]) - max(m.start, span[0]) for m in actor.mentions), default=0
        )
        if overlap > most:
            best, most = actor, overlap
    return best


@dataclass
class PlaceActor:
    """A resolved place standing in for a target actor, coded as the events stage codes it."""

    name: str
    country: str
    sector: str | None = None


def place_actor(doc, places, span: tuple[int, int]) -> PlaceActor | None:
    """The place the events stage would code a target at ``span`` with
    (``sense.coded_place`` and ``sense.place_sector``), as an actor; None
    when there is none."""
    from eventwire.stages.events.sense import coded_place, place_sector

    place = coded_place(places, *span)
    if place is None:
        return None
    return PlaceActor(place.name, place.country, place_sector(doc, place))


def score_pairs(pairs: list[tuple[GoldActor, object]]) -> dict:
    """Country, sector, code and whole-actor accuracy of (gold, predicted actor) pairs."""
    counts: Counter[str] = Counter()
    for gold, actor in pairs:
        country = getattr(actor, "country", None)
        sector = getattr(actor, "sector", None)
        right = True
        if gold.country is not None:
            ok = country == gold.country or (gold.country == "IGO" and country in NON_STATE_IGO)
            counts["country_gold"] += 1
            counts["country_right"] += ok
            right &= ok
        if gold.sector is not None:
            ok = sector == gold.sector
            counts["sector_gold"] += 1
            counts["sector_right"] += ok
            right &= ok
        counts["actors"] += 1
        counts["actors_right"] += right
        counts["missed"] += actor is None
    codes = counts["country_gold"] + counts["sector_gold"]
    return {
        "code_accuracy": _ratio(counts["country_right"] + counts["sector_right"], codes),
        "country_accuracy": _ratio(counts["country_right"], counts["country_gold"]),
        "sector_accuracy": _ratio(counts["sector_right"], counts["sector_gold"]),
        "actor_accuracy": _ratio(counts["actors_right"], counts["actors"]),
        "gold_actors": counts["actors"],
        "gold_codes": codes,
        "missed_actors": counts["missed"],
    }


def wrong_actors(pairs: list[tuple[GoldActor, object]], parts: dict | None) -> list[dict]:
    """Every gold actor given a wrong code or no actor: what the gold says and
    what eventwire gave, for reading the errors (``eventwire eval actors``).
    With a split, the frozen part's are left out: that part is scored, never read."""
    frozen = parts["frozen"] if parts else set()
    wrong = []
    for gold, actor in pairs:
        if gold.record in frozen:
            continue
        country = getattr(actor, "country", None)
        sector = getattr(actor, "sector", None)
        country_ok = (
            gold.country is None
            or country == gold.country
            or (gold.country == "IGO" and country in NON_STATE_IGO)
        )
        if country_ok and (gold.sector is None or sector == gold.sector):
            continue
        part = "tuning" if parts and gold.record in parts["tuning"] else None
        wrong.append(
            {
                "record": gold.record,
                "part": part,
                "side": gold.side,
                "text": gold.text,
                "gold": f"{gold.country or '-'}/{gold.sector or '-'}",
                "actor": getattr(actor, "name", None),
                "given": f"{country or '-'}/{sector or '-'}" if actor is not None else None,
            }
        )
    return wrong


def _ratio(right: int, total: int) -> float:
    return round(right / total, 4) if total else 0.0


def evaluate_actor_codes(path: Path, split: Path | None = None) -> dict:
    """Actor code accuracy on a GSR file, for the tuning and frozen parts and all."""
    from eventwire.nlp import load_nlp
    from eventwire.pipeline import set_actors, set_places

    sentences, lost = read_gold_actors(path)
    if not sentences:
        raise EvaluationError(f"{path}: no GSR records with coded source or target actors")
    parts = read_split(split) if split else None
    nlp = load_nlp()
    pairs: list[tuple[GoldActor, object]] = []
    for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
        actors = set_actors(doc)._.actors
        places = set_places(doc)._.places or []
        for gold in sentence.actors:
            actor = best_actor(actors, gold.span, doc)
            if actor is None and gold.side == "target":
                actor = place_actor(doc, places, gold.span)
            pairs.append((gold, actor))
    result: dict = {"file": str(path), "sentences": len(sentences), "unlocated_actors": lost}
    if parts is not None:
        result["split"] = str(split)
        for part in ("tuning", "frozen"):
            result[part] = score_pairs([p for p in pairs if p[0].record in parts[part]])
    result["all"] = score_pairs(pairs)
    result["errors"] = wrong_actors(pairs, parts)
    return result
