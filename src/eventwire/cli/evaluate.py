"""The ``eventwire eval`` commands: score eventwire on gold data (docs/evaluation.md).

``eval events``, ``eval actors``, ``eval quotes``, ``eval time``, ``eval
geo`` and ``eval html`` each read a gold file or folder, make one call into
``eventwire.evaluate`` and print the scores as rich tables (per-class
precision, recall and F1, a confusion matrix for event classes) or as JSON.
``eval actors --aliases`` scores the canonical actor ids on an alias list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eventwire.cli.common import JsonOption, choice_option, out, write_json

eval_app = typer.Typer(
    help="Score eventwire on gold data (see docs/evaluation.md).", no_args_is_help=True
)

PathArg = Annotated[Path, typer.Argument(help="Gold file or folder.")]


def _fixed(values: dict, *keys: str, digits: int = 3) -> list[str]:
    """Table cells: ``values[key]`` for each of ``keys``, written with ``digits`` decimals."""
    return [f"{values[key]:.{digits}f}" for key in keys]


def print_scores(result: dict, as_json: bool) -> None:
    """Print an evaluation result: class scores and confusion matrices, then the flat measures."""
    if as_json:
        write_json(result, ensure_ascii=True)
        return
    from eventwire.evaluate.metrics import confusion_rows

    for name in ("dyad", "quad"):
        scores = result.get(name)
        if not scores:
            continue
        table = Table(
            title=f"{name}: accuracy {scores['accuracy']:.3f}, macro-F1 {scores['macro_f1']:.3f}, "
            f"n={scores['n']}"
        )
        for col in ("class", "precision", "recall", "F1", "support"):
            table.add_column(col, justify="left" if col == "class" else "right")
        for label, v in scores["per_class"].items():
            table.add_row(label, *_fixed(v, "precision", "recall", "f1"), str(v["support"]))
        out.print(table)
        predicted, rows = confusion_rows(scores)
        matrix = Table(title=f"{name} confusion (rows gold, columns predicted)")
        matrix.add_column("gold")
        for p in predicted:
            matrix.add_column(p[:5], justify="right")
        for g, row in zip(scores["labels"], rows, strict=True):
            matrix.add_row(g, *[str(n) if n else "." for n in row])
        out.print(matrix)
    flat = {
        k: v
        for k, v in result.items()
        if k not in ("dyad", "quad") and not isinstance(v, (dict, list))
    }
    for key in ("open",):
        if isinstance(result.get(key), dict):
            flat |= {f"{key} {k}": v for k, v in result[key].items()}
    for key, value in result.items():
        if isinstance(value, dict) and key not in ("dyad", "quad", "open"):
            flat |= {f"{key} {k}": v for k, v in value.items() if not isinstance(v, (dict, list))}
    table = Table(title="scores")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in flat.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else str(value))
    out.print(table)


def print_quote_scores(result: dict, as_json: bool) -> None:
    """Print quote scores as one row per matching rule, the Jaccard headline first."""
    if as_json:
        write_json(result, ensure_ascii=True)
        return
    table = Table(
        title=f"quotes: {result['documents']} documents, {result['gold']} gold, "
        f"{result['predicted']} predicted ({result['seconds']} s)"
    )
    for col in ("match", "precision", "recall", "F1", "speaker accuracy", "speaker pairs"):
        table.add_column(col, justify="left" if col == "match" else "right")
    for name in ("jaccard", "overlap", "exact"):
        v = result[name]
        speaker = f"{v['speaker_accuracy']:.4f}" if "speaker_accuracy" in v else ""
        table.add_row(
            name,
            *_fixed(v, "precision", "recall", "f1", digits=4),
            speaker,
            str(v.get("speaker_pairs", "")),
        )
    out.print(table)


@eval_app.command("events")
def eval_events(
    path: PathArg,
    mode: Annotated[str, choice_option("Which scores.", ["dyad", "open", "both"])] = "both",
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Event types on PLOVER GSR JSON or PLV TSV: dyad and open-mode scores."""
    from eventwire.evaluate.events import evaluate_events

    print_scores(evaluate_events(path, mode=mode, limit=limit), as_json)


def print_actor_scores(result: dict) -> None:
    """Actor code accuracy: one row per part (tuning, frozen, all), then every
    gold actor given a wrong code or none."""
    table = Table(
        title=f"actor codes: {result['sentences']} sentences, "
        f"{result['unlocated_actors']} gold actors not found in their sentence"
    )
    columns = ("code", "country", "sector", "actor", "gold actors", "gold codes", "missed")
    table.add_column("part")
    for col in columns:
        table.add_column(col, justify="right")
    for part in ("tuning", "frozen", "all"):
        v = result.get(part)
        if v is None:
            continue
        table.add_row(
            part,
            *_fixed(v, "code_accuracy", "country_accuracy", "sector_accuracy", "actor_accuracy"),
            *(str(v[key]) for key in ("gold_actors", "gold_codes", "missed_actors")),
        )
    out.print(table)
    for error in result.get("errors", []):
        given = f"{error['actor']!r} {error['given']}" if error["given"] else "no actor"
        out.print(
            f"wrong ({error['part'] or 'all'}): {error['record']} {error['side']} "
            f"{error['text']!r} gold {error['gold']}, given {given}",
            highlight=False,
            markup=False,
        )


@eval_app.command("quotes")
def eval_quotes(path: PathArg, as_json: JsonOption = False) -> None:
    """Quotes on BRAT attribution data (PolNeAR): content P/R/F1 by token Jaccard >= 0.5
    (the headline), by one-character overlap and exactly; speaker accuracy."""
    from eventwire.evaluate.quotes import evaluate_quotes

    print_quote_scores(evaluate_quotes(path), as_json)


@eval_app.command("time")
def eval_time(
    paths: Annotated[list[Path], typer.Argument(help="TimeML .tml files or folders.")],
    as_json: JsonOption = False,
) -> None:
    """Temporal expressions on TimeML: extent and value F1 against each document's DCT."""
    from eventwire.evaluate.time import evaluate_time

    files = [f for p in paths for f in (sorted(p.rglob("*.tml")) if p.is_dir() else [p])]
    print_scores(evaluate_time(files), as_json)


@eval_app.command("geo")
def eval_geo(path: PathArg, as_json: JsonOption = False) -> None:
    """Toponyms on LGL / TR-News / GeoVirus XML: P/R/F1, accuracy within 161 km, and
    end-to-end P/R/F1 (span found and placed within 161 km)."""
    from eventwire.evaluate.geo import evaluate_geo

    print_scores(evaluate_geo(path), as_json)


@eval_app.command("html")
def eval_html(
    path: PathArg,
    limit: Annotated[int | None, typer.Option(help="Score only the first N pages.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Article body extraction on the HTML benchmark: 4-gram shingle P/R/F1."""
    from eventwire.evaluate.html import evaluate_html

    print_scores(evaluate_html(path, limit=limit), as_json)


def print_article_scores(result: dict, as_json: bool) -> None:
    """The article-level scores: one table per view, then precision and recall by confidence."""
    if as_json:
        write_json(result, ensure_ascii=True)
        return
    title = (
        f"{result['articles']} articles ({result['part']}), {result['gold_mentions']} gold "
        f"mentions ({result['doubtful']} doubtful), default cut {result['min_confidence']}"
    )
    table = Table(title=title)
    for col in (
        "events",
        "score",
        "precision",
        "recall",
        "F1",
        "matched",
        "shown",
        "gold",
        "modality",
    ):
        table.add_column(col, justify="left" if col in ("events", "score") else "right")
    for view, label in (("at_cut", "at the cut"), ("all_events", "all")):
        for name, scores in result[view].items():
            table.add_row(
                label,
                name.replace("_", " "),
                *_fixed(scores, "precision", "recall", "f1"),
                *(str(scores[key]) for key in ("matched", "predicted", "gold")),
                *_fixed(scores, "modality_agreement"),
            )
    out.print(table)
    by_type = Table(title="per type at the cut (full, doubtful left out)")
    for col in ("type", "precision", "recall", "F1", "shown", "gold"):
        by_type.add_column(col, justify="left" if col == "type" else "right")
    for kind, v in result["at_cut"]["full_no_doubtful"]["per_type"].items():
        by_type.add_row(
            kind, *_fixed(v, "precision", "recall", "f1"), str(v["predicted"]), str(v["gold"])
        )
    out.print(by_type)
    curve = Table(title="by confidence (doubtful left out)")
    for col in ("cut", "shown", "full P", "full R", "type P", "type R"):
        curve.add_column(col, justify="right")
    for row in result["by_confidence"]:
        curve.add_row(
            *_fixed(row, "min_confidence", digits=2),
            str(row["predicted"]),
            *_fixed(row, "full_precision", "full_recall", "type_precision", "type_recall"),
        )
    out.print(curve)


@eval_app.command("articles")
def eval_articles(
    gold: Annotated[
        list[Path], typer.Argument(help="Article gold JSON Lines files (GUIDE.md format).")
    ],
    manifest: Annotated[
        list[Path] | None,
        typer.Option(
            help="Manifest of each gold file, in order; default: manifest.json beside it."
        ),
    ] = None,
    split: Annotated[
        Path | None, typer.Option(help="Split file with 'frozen' and 'tuning' doc lists.")
    ] = None,
    part: Annotated[
        str,
        choice_option(
            "Documents to score (frozen, tuning need --split).", ["frozen", "tuning", "all"]
        ),
    ] = "all",
    min_confidence: Annotated[
        float | None, typer.Option(help="Cut to score at; default: the settings' min_confidence.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Whole articles: what the pipeline prints, against exhaustive hand annotation."""
    from eventwire.evaluate.articles import evaluate_articles

    manifests = list(manifest or [])
    if manifests and len(manifests) != len(gold):
        raise typer.BadParameter("give one --manifest per gold file, or none")
    sources = list(zip(gold, manifests or [None] * len(gold), strict=True))
    if part != "all" and split is None:
        raise typer.BadParameter("--part frozen or tuning needs --split FILE")
    result = evaluate_articles(sources, split, part, min_confidence)
    print_article_scores(result, as_json)


@eval_app.command("actors")
def eval_actors(
    path: Annotated[
        Path | None,
        typer.Argument(help="PLOVER GSR JSON: score the country and sector of the actors."),
    ] = None,
    split: Annotated[
        Path | None,
        typer.Option(help="With FILE: split file with 'frozen' and 'tuning' record ids."),
    ] = None,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases", help="Alias list: pairs of actor names labelled one actor or not."
        ),
    ] = None,
    part: Annotated[
        str, choice_option("With --aliases: the pairs to score.", ["frozen", "tuning", "all"])
    ] = "all",
    as_json: JsonOption = False,
) -> None:
    """Actors: code accuracy (country, sector) on PLOVER GSR JSON given as FILE, then
    the actors given a wrong code (never the frozen part's with --split); and
    identity on an alias list (--aliases, gold/actors/aliases.tsv): pairwise merge
    precision and recall of the canonical actor ids, then the tuning part's wrong
    pairs. Give either or both."""
    if path is None and aliases is None:
        raise typer.BadParameter("give a PLOVER GSR JSON file, --aliases FILE, or both")
    codes = identity = None
    if path is not None:
        from eventwire.evaluate.actor_codes import evaluate_actor_codes

        codes = evaluate_actor_codes(path, split)
    if aliases is not None:
        from eventwire.evaluate.identity import evaluate_aliases

        identity = evaluate_aliases(aliases, part)
    if as_json:
        if codes is not None and identity is not None:
            write_json({"codes": codes, "identity": identity}, ensure_ascii=True)
        else:
            write_json(codes if codes is not None else identity, ensure_ascii=True)
        return
    if codes is not None:
        print_actor_scores(codes)
    if identity is not None:
        print_identity_scores(identity, aliases, part)


def print_identity_scores(result: dict, aliases: Path, split: str) -> None:
    """Alias-list scores: one row per kind of pair, then every pair scored wrong
    (the frozen part's only counted)."""
    table = Table(title=f"actor identity on {aliases} ({split})")
    for col in ("kind", "pairs", "same", "merged", "precision", "recall"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind, s in [*result["by_kind"].items(), ("all", result)]:
        table.add_row(
            kind,
            *(str(s[c]) for c in ("pairs", "same", "merged")),
            *("-" if s[c] is None else f"{s[c]:.3f}" for c in ("precision", "recall")),
        )
    out.print(table)
    for error in result["errors"]:
        out.print(
            f"{error['error']}: {error['a']!r} / {error['b']!r} ({error['kind']}): "
            f"{' / '.join(error['ids'])}",
            highlight=False,
            markup=False,
        )
    if result.get("frozen_errors"):
        out.print(f"{result['frozen_errors']} wrong pairs of the frozen part, not listed")
