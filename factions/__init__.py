"""factions: an evidence-backed, time-aware map of who fights with whom, from conflict reports."""
__version__ = "0.1.0"
