"""The ``eventwire`` command: one Typer app (``app.py``), split by command group."""

from eventwire.cli.app import app, main

__all__ = ["app", "main"]
