"""Extract stage: spaCy components that read actors, aliases, relations and events off a report.

Entry point: `factions.extract.pipeline.extract(document)`.
"""
