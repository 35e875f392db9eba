"""The ``eventwire train`` command: fit the sense model from labelled candidates.

One library call (``eventwire.stages.events.train.train``); the model goes
to a JSON file that ``EVENTWIRE_SENSE_MODEL`` points the pipeline at.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli.common import JsonOption, out, write_json


def train(
    folders: Annotated[
        list[Path],
        typer.Argument(help="Training folders, each with manifest.json and labels*.jsonl."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Model file to write (JSON).")
    ] = Path("sense_model.json"),
    penalty: Annotated[
        float | None,
        typer.Option(help="L2 penalty; default: chosen by cross-validation over articles."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Fit the event sense model on labelled candidates (format: docs/events.md)."""
    from eventwire.stages.events.train import train as fit

    models, report = fit(folders, penalty=penalty)
    output.write_text(json.dumps(models.to_json(), separators=(",", ":")) + "\n")
    report["output"] = str(output)
    if as_json:
        write_json(report)
        return
    out.print(
        f"{report['examples']} labelled candidates from {report['articles']} articles, "
        f"{report['role_examples']} role options; penalties {report['penalties']}; "
        f"model written to {output}"
    )
    out.print(f"use it with: EVENTWIRE_SENSE_MODEL={output} eventwire ingest ...")
