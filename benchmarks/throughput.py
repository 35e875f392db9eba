"""Throughput: eventwire ingest against bare spaCy, measured in the same run.

Measures on the VOA corpus (../shared/corpus/voa/voa_stories.jsonl, repeated
to --articles articles with distinct ids):

  (a) bare spaCy: ``nlp.pipe`` of the same model over the same texts with the
      same number of processes and batch size;
  (b) eventwire: the full ``ingest`` path (read JSON Lines, parse, actors,
      times, places, quotes, write to a fresh SQLite store);

and prints articles/s for each and the ratio b/a (target >= 0.80). Each figure
is the best of --repeat runs, which damps noise from other jobs on a shared
machine. Run: ``make bench`` or ``python benchmarks/throughput.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "corpus" / "voa" / "voa_stories.jsonl"


def make_corpus(source: Path, n: int, folder: Path) -> tuple[Path, list[str]]:
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    out = folder / "corpus.jsonl"
    texts = []
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(records[i % len(records)])
            rec["id"] = f"{rec['id']}-{i}"
            rec["url"] = f"{rec.get('url', '')}?copy={i}"
            texts.append(rec["text"])
            fh.write(json.dumps(rec) + "\n")
    return out, texts


def time_bare(texts: list[str], processes: int, batch_size: int) -> float:
    from eventwire.nlp import load_bare_nlp

    nlp = load_bare_nlp()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        pass
    return time.perf_counter() - started


def time_eventwire(corpus: Path, processes: int, batch_size: int, folder: Path) -> float:
    from eventwire.run.service import ingest_paths
    from eventwire.settings import Settings

    db = folder / f"bench-{time.monotonic_ns()}.db"
    settings = Settings(db=str(db), processes=processes, batch_size=batch_size)
    started = time.perf_counter()
    summary = ingest_paths([corpus], settings)
    elapsed = time.perf_counter() - started
    if summary.failed:
        raise SystemExit(f"benchmark ingest had {summary.failed} failures: {summary.failures[:3]}")
    return elapsed


def time_coder_share(texts: list[str], published: str = "2025-03-14") -> tuple[float, float]:
    """Seconds for the foundation (parse + stages) and for the event coder alone."""
    from eventwire.nlp import load_nlp
    from eventwire.pipeline import STAGES
    from eventwire.run.extract import warm_up
    from eventwire.stages.events import set_events

    warm_up()
    nlp = load_nlp()
    foundation_stages = [stage for stage in STAGES if stage is not set_events]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    for doc in docs:
        doc._.published = published
        for stage in foundation_stages:
            stage(doc)
    foundation = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        set_events(doc)
    return foundation, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=VOA)
    parser.add_argument("--articles", type=int, default=178, help="articles per run")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; best is kept")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} not found: the VOA corpus lives in ../shared", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus, texts = make_corpus(args.corpus, args.articles, folder)
        bare, ours = [], []
        for _ in range(args.repeat):  # interleaved so both see the same machine load
            bare.append(time_bare(texts, args.processes, args.batch_size))
            ours.append(time_eventwire(corpus, args.processes, args.batch_size, folder))
        foundation, coder = time_coder_share(texts[: min(len(texts), 89)])
    n = args.articles
    a, b = n / min(bare), n / min(ours)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"articles: {n}, processes: {args.processes}, batch size: {args.batch_size}")
    runs_a = ", ".join(f"{t:.2f}s" for t in bare)
    runs_b = ", ".join(f"{t:.2f}s" for t in ours)
    print(f"(a) bare spaCy nlp.pipe : {a:7.2f} articles/s  (runs: {runs_a})")
    print(f"(b) eventwire ingest    : {b:7.2f} articles/s  (runs: {runs_b})")
    print(f"ratio b/a: {b / a:.2f}  (target >= 0.80)")
    print(
        f"(c) event coder: {coder:.2f}s on top of {foundation:.2f}s for parse and other stages "
        f"= +{100 * coder / foundation:.1f}% per article  (target <= 15%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
