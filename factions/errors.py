"""One exception hierarchy for factions.

Third-party errors (sqlite3, spaCy, trafilatura, yaml, OS errors) are converted
into these at the boundary where they occur, so the CLI can print one clear line
per failure and carry on with the rest of a batch.
"""
from __future__ import annotations


class FactionsError(Exception):
    """Base class: every error factions raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def one_line(self) -> str:
        """The message as a single line, prefixed with the file it concerns."""
        text = " ".join(self.message.split())
        return f"{self.path}: {text}" if self.path else text


class InputError(FactionsError):
    """A report cannot be read: binary, empty, undecodable, too large, unreadable."""


class NotAReport(InputError):
    """A file in a report folder that is not a report (README, JSON, CSV): skipped, not a failure."""


class ParseError(FactionsError):
    """A report was read but its structure (HTML, source line, date) is unusable."""


class ExtractionError(FactionsError):
    """The extraction pipeline failed on a document."""


class StoreError(FactionsError):
    """The SQLite store could not be opened, migrated or written."""


class NotFoundError(FactionsError):
    """A named actor, document or list entry does not exist in the store."""


class DataError(FactionsError):
    """Package data (actor catalog, designation lists) or an imported list is malformed."""
