"""The web front-end: ``eventwire serve`` runs this app (JSON API under /api, pages elsewhere).

``create_app(db_path, settings)`` returns the FastAPI app; see ``app.py``.
"""

from eventwire.web.app import create_app

__all__ = ["create_app"]
