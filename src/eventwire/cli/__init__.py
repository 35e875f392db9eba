"""The ``eventwire`` command: one Typer app, split by command group."""

from eventwire.cli.main import app, main

__all__ = ["app", "main"]
