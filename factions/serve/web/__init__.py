"""The analyst web app: `factions serve` (FastAPI, server-rendered pages, a JSON API, all offline)."""
from factions.serve.web.app import create_app
from factions.serve.web.config import Settings

__all__ = ["create_app", "Settings"]
