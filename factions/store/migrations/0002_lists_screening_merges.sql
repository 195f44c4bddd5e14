-- Official lists as loaded, screening results, and analysts' merge decisions.

-- One row per loaded list file: what is loaded and as of when.
CREATE TABLE lists (
    name        TEXT NOT NULL,          -- list code: US-FTO, US-SDGT, OFAC-SDN, UN-SC, ...
    source_file TEXT NOT NULL,
    format      TEXT NOT NULL,          -- shipped | ofac-xml | ofac-csv | un-xml | ftm-jsonl | factions-csv
    as_of       TEXT,                   -- the list's own publication date, when it says
    loaded_at   TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    PRIMARY KEY (name, source_file)
);

ALTER TABLE designations ADD COLUMN program TEXT;
ALTER TABLE designations ADD COLUMN entity_type TEXT;
ALTER TABLE designations ADD COLUMN countries TEXT NOT NULL DEFAULT '[]';

-- Which stored actors match which list entries: recomputed at ingest and when lists change.
-- The match itself is date-free (names); the entry's listed/removed dates decide when it applies.
CREATE TABLE screen_hits (
    entity_id      TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    designation_id TEXT NOT NULL REFERENCES designations(id) ON DELETE CASCADE,
    score          REAL NOT NULL,
    matched_alias  TEXT NOT NULL,
    query          TEXT NOT NULL,       -- the actor's name or alias that matched
    explanation    TEXT NOT NULL,
    caveat         INTEGER NOT NULL DEFAULT 0,  -- 1: a homonym or weak match, never a designation
    screened_at    TEXT NOT NULL,
    PRIMARY KEY (entity_id, designation_id)
);
CREATE INDEX screen_hits_designation ON screen_hits(designation_id);

-- Analysts' corrections of resolution. A merge maps one entity id onto another; later
-- ingests map through it. Undoing sets active = 0 (the curation_log keeps the history).
CREATE TABLE entity_merges (
    from_id   TEXT PRIMARY KEY,
    into_id   TEXT NOT NULL,
    log_id    INTEGER REFERENCES curation_log(id),
    active    INTEGER NOT NULL DEFAULT 1
);

-- An analyst's split: these alias keys of an entity belong to another entity.
CREATE TABLE alias_overrides (
    key       TEXT NOT NULL,
    from_id   TEXT NOT NULL,
    into_id   TEXT NOT NULL,
    log_id    INTEGER REFERENCES curation_log(id),
    active    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (key, from_id)
);

-- How an entity of a document was resolved when the name alone was ambiguous
-- (homonyms: Syria's Jaysh al-Islam vs Gaza's Army of Islam): what was decided and why.
CREATE TABLE resolution_notes (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id   TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    note        TEXT NOT NULL,
    PRIMARY KEY (document_id, entity_id)
);
