"""``python -m alumnigraph`` runs the command line."""

from .cli import app

app()
