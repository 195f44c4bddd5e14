"""The SQLite store: documents, their sources, actors, claims and events.

See docs/schema.md for the tables and the id rules.
"""
from factions.store.rows import claim_id
from factions.store.store import Store
from factions.store.write import SaveResult

__all__ = ["Store", "SaveResult", "claim_id"]
