"""jobs stage: the flow run end to end over many files, below the interfaces (serve/).

    steps.py     read, extract, resolve, save, screen: what every engine shares
    ingest.py    the one-process batch (`factions ingest`), list imports
    parallel.py  `factions ingest --workers N`: N extraction processes, one writer
    spark.py     `factions spark-extract`: the extractor inside Spark (spark_rows.py: its tables)
    load.py      `factions load`: Spark's tables into a store
"""
