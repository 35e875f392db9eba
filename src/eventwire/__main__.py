"""``python -m eventwire`` runs the command line."""

from eventwire.cli import main

main()
