"""Export identity: does a code change alter what eventwire stores and exports?

Ingests the seed article and the VOA corpus (../shared) into a fresh SQLite
store, exports it in every format (JSON Lines, PLOVER, CSV of every table) and
prints one SHA-256 per export. Clock values (``ingested_at``, ``created_at``,
``processed_at``) are blanked first: they differ on every run by design.

    python benchmarks/export_identity.py --save before.json   # on the old code
    python benchmarks/export_identity.py --check before.json  # on the new code

``--check`` exits 1 and names the exports that differ. A refactor that claims
"behaviour unchanged" shows it with this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
INPUTS = {
    "seed": SHARED / "seeds" / "000_ab76b24ac0882e23.txt",
    "voa": SHARED / "corpus" / "voa" / "voa_stories.jsonl",
}
TABLES = (
    "articles actors mentions times places quotes events event_actors entities failures".split()
)
CLOCK = re.compile(r'("(?:ingested_at|created_at|processed_at)":\s*)"[^"]*"')
CLOCK_CSV = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:\+00:00|Z)")


def eventwire(*args: str) -> bytes:
    exe = Path(sys.executable).with_name("eventwire")
    done = subprocess.run([str(exe), *args], check=True, capture_output=True)
    return done.stdout


def digests(name: str, path: Path, folder: Path) -> dict[str, str]:
    db = folder / f"{name}.db"
    eventwire("ingest", str(path), "--db", str(db), "--quiet", "--processes", "1")
    out: dict[str, str] = {}
    for fmt in ("jsonl", "plover"):
        data = CLOCK.sub(r'\1""', eventwire("export", "--db", str(db), "-f", fmt).decode())
        out[f"{name}/{fmt}"] = hashlib.sha256(data.encode()).hexdigest()
    for table in TABLES:
        data = eventwire("export", "--db", str(db), "-f", "csv", "--table", table).decode()
        data = CLOCK_CSV.sub("", data)
        out[f"{name}/csv/{table}"] = hashlib.sha256(data.encode()).hexdigest()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--save", type=Path, help="write the digests to this JSON file")
    group.add_argument("--check", type=Path, help="compare with digests saved earlier")
    args = parser.parse_args()
    missing = [str(p) for p in INPUTS.values() if not p.exists()]
    if missing:
        print(f"missing inputs: {', '.join(missing)} (needs ../shared)", file=sys.stderr)
        return 2
    found: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in INPUTS.items():
            found.update(digests(name, path, Path(tmp)))
    for key, value in found.items():
        print(f"{value[:16]}  {key}")
    if args.save:
        args.save.write_text(json.dumps(found, indent=1) + "\n")
    if args.check:
        before = json.loads(args.check.read_text())
        differ = sorted(k for k in before.keys() | found.keys() if before.get(k) != found.get(k))
        if differ:
            print(f"{len(differ)} exports differ: {', '.join(differ)}")
            return 1
        print(f"all {len(found)} exports identical to {args.check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
