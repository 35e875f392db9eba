"""Where each trigger of the event lexicon fires: dev gold sentences or other news text.

The trigger lexicon (``src/eventwire/data/event_triggers.tsv``) was grown by
reading the coder's errors on the dev gold sentences. A row that fires on
those sentences and nowhere else may be a special case for one sentence
rather than English usage. This script parses

  gold      the sentences of ../shared/gold/events/PLOVER_GSR_CAMEO.json and
            PLV_train.tsv (the dev gold of ``eventwire eval events``);
  non-gold  the VOA corpus (../shared/corpus/voa/voa_stories.jsonl) and the
            first --polnear texts (default: all 840) of
            ../shared/gold/quotes/polnear/train/text, split into sentences
            by the parser,

runs the events stage's trigger matcher (``stages.events.triggers``) over
them and prints, per lexicon row: its line in the TSV, trigger, pos, type,
provenance, the number of gold sentences and of non-gold sentences it fires
on (a row fires on a token when it is the entry the matcher picks for it).
Rows flagged ``gold-only`` fire on gold sentences and on no other;
``one-gold`` fire on exactly one gold sentence and nothing else.
Writes the table to --out when given. Reads the lexicon; writes nothing else.
Run: ``PYTHONPATH=src python benchmarks/trigger_sources.py [--only-flagged]``.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from eventwire.evaluate.events import read_gold
from eventwire.nlp import load_nlp
from eventwire.stages.events.lexicon import Trigger, load_event_lexicon
from eventwire.stages.events.triggers import find_triggers

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = [
    SHARED / "gold" / "events" / "PLOVER_GSR_CAMEO.json",
    SHARED / "gold" / "events" / "PLV_train.tsv",
]
VOA = SHARED / "corpus" / "voa" / "voa_stories.jsonl"
POLNEAR = SHARED / "gold" / "quotes" / "polnear" / "train" / "text"
LEXICON = ROOT / "src" / "eventwire" / "data" / "event_triggers.tsv"


def read_rows() -> list[dict]:
    """The lexicon rows with their line numbers in the TSV."""
    rows: list[dict] = []
    header: list[str] | None = None
    for number, line in enumerate(LEXICON.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        rows.append(row | {"line": number})
    return rows


def row_key(row: dict) -> tuple:
    """A TSV row's identity, as ``trigger_key`` gives it for a loaded entry."""
    trigger = " ".join(row["trigger"].lower().split())
    return (trigger, row["pos"], row["type"], row["mode"], row["context"], row["frame"] or "event")


def trigger_key(trig: Trigger) -> tuple:
    words = " ".join(trig.words)
    return (words, trig.pos, trig.type, trig.mode or "", trig.context or "", trig.frame)


def non_gold_texts(polnear: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()]
    for path in sorted(POLNEAR.iterdir())[:polnear]:
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def count_firings(nlp, texts: list[str], by_sentence: bool) -> tuple[dict, int]:
    """Per lexicon key, the number of sentences it fires on; and the sentence count."""
    lex = load_event_lexicon()
    fired: dict[tuple, int] = defaultdict(int)
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=32):
        triggers = find_triggers(doc, lex)
        seen: dict[int, set] = defaultdict(set)  # sentence start -> keys
        starts = [s.start for s in doc.sents] if by_sentence else [0]
        sentences += len(starts)
        for i, trig in triggers.items():
            sent = max(s for s in starts if s <= i)
            seen[sent].add(trigger_key(trig))
        for keys in seen.values():
            for key in keys:
                fired[key] += 1
    return fired, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=int, default=840, help="PolNeAR texts to read (all: 840)")
    parser.add_argument("--only-flagged", action="store_true", help="print gold-only rows only")
    parser.add_argument("--out", type=Path, help="also write the table as TSV here")
    args = parser.parse_args()
    nlp = load_nlp()
    gold_texts = [g.text for path in GOLD for g in read_gold(path)]
    gold, n_gold = count_firings(nlp, gold_texts, by_sentence=False)
    other, n_other = count_firings(nlp, non_gold_texts(args.polnear), by_sentence=True)
    lines = ["line\ttrigger\tpos\ttype\tprovenance\tgold\tnon_gold\tflag"]
    flagged = 0
    for row in read_rows():
        key = row_key(row)
        g, o = gold.get(key, 0), other.get(key, 0)
        flag = "one-gold" if g == 1 and o == 0 else "gold-only" if g and not o else ""
        flagged += bool(flag)
        if flag or not args.only_flagged:
            provenance = row.get("provenance", "")
            lines.append(
                f"{row['line']}\t{row['trigger']}\t{row['pos']}\t{row['type']}\t{provenance}\t{g}\t{o}\t{flag}"
            )
    summary = (
        f"# {n_gold} gold sentences, {n_other} non-gold sentences; "
        f"{len(read_rows())} rows, {flagged} fire on gold sentences only"
    )
    print("\n".join(lines))
    print(summary)
    if args.out:
        args.out.write_text("\n".join(lines + [summary]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
