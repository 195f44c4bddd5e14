"""export stage: the store in other tools' formats, and FtM back in.

    factions export --format ftm|gexf|graphml|acled-csv|jsonl [--as-of DAY] [-o FILE]

One module per format (ftm, gexf, graphml, acled, jsonl) over one snapshot
(snapshot.py), so --as-of means the same everywhere; run.py picks the writer.
"""
