"""Re-ingest: a fresh ``eventwire ingest`` of a file against running it again on the same store.

An article whose id is stored already (by the same eventwire version) is
skipped before it is parsed, so running an ingest again, after a crash or on
a folder that grew, costs reading the files and one id lookup per article
instead of the extraction. This runs the real command three times in
subprocesses, as a user would, on the VOA corpus (../shared/corpus/voa, or
--input FILE), with --processes 1:

  fresh   into an empty store;
  again   the same file into that store (every article stored: nothing parsed);
  force   the same with --force (every article extracted and replaced).

Prints each run's wall time (process start to exit, the model load included),
its summary line, and the ratio again / fresh. Run:
``python benchmarks/reingest.py [--input FILE] [--limit N]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VOA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "voa"


def run(source: Path, db: Path, *extra: str) -> tuple[float, str]:
    command = [sys.executable, "-m", "eventwire", "ingest", str(source), "--db", str(db)]
    command += ["--quiet", "--processes", "1", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"ingest failed: {done.stderr.strip()}")
    return seconds, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", type=Path, default=VOA / "voa_stories.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="first N records only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = args.input
        if args.limit:
            lines = source.read_text(encoding="utf-8").splitlines()[: args.limit]
            source = Path(folder) / source.name
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        db = Path(folder) / "bench.db"
        times = {}
        for label, extra in (("fresh", ()), ("again", ()), ("force", ("--force",))):
            times[label], summary = run(source, db, *extra)
            print(f"{label:<6} {times[label]:6.1f} s  {summary}")
        print(f"again / fresh = {times['again'] / times['fresh']:.3f}")


if __name__ == "__main__":
    main()
