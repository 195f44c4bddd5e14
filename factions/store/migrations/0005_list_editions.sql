-- Editions of official lists, the entries each edition holds, and the listing intervals derived
-- from them; and the persisted screening index (names, postings, token weights).

-- One row per imported edition of a publication (OFAC-SDN, OFAC-NON-SDN, UN-SC, an FtM dataset).
-- Editions are ordered by their own date, never by import order.
CREATE TABLE list_editions (
    publication TEXT NOT NULL,
    edition     TEXT NOT NULL,          -- ISO date of the edition (Publish_Date, dateGenerated, --as-of)
    format      TEXT NOT NULL,
    source_file TEXT NOT NULL,          -- the main file; sdn.csv's alt/add files are in `files`
    files       TEXT NOT NULL,          -- JSON list of every file read
    sha256      TEXT NOT NULL,          -- of all files read, in order: a re-import is recognised
    entries     INTEGER NOT NULL,
    declared    INTEGER,                -- the record count the file states (OFAC Record_Count)
    imported_at TEXT NOT NULL,
    PRIMARY KEY (publication, edition)
);

-- Which entries an edition holds, with the entry as that edition wrote it (JSON of a Designation).
CREATE TABLE edition_entries (
    publication TEXT NOT NULL,
    edition     TEXT NOT NULL,
    entry_key   TEXT NOT NULL,          -- the entry's id in its publication: ent_num, UN reference, FtM id
    entry       TEXT NOT NULL,
    PRIMARY KEY (publication, entry_key, edition),
    FOREIGN KEY (publication, edition) REFERENCES list_editions(publication, edition) ON DELETE CASCADE
);
CREATE INDEX edition_entries_edition ON edition_entries(publication, edition);

-- Runs of consecutive editions holding an entry: re-derived whenever an edition is added.
CREATE TABLE listing_intervals (
    publication    TEXT NOT NULL,
    entry_key      TEXT NOT NULL,
    list           TEXT NOT NULL,
    name           TEXT NOT NULL,       -- as the newest edition of the run writes it
    first_seen     TEXT NOT NULL,       -- first edition of the run
    absent_before  TEXT,                -- the edition just before, which lacks it (NULL: none older)
    last_seen      TEXT NOT NULL,
    absent_from    TEXT,                -- the edition just after, which lacks it (NULL: still listed)
    designation_id TEXT NOT NULL,
    PRIMARY KEY (publication, entry_key, first_seen)
);

ALTER TABLE designations ADD COLUMN publication TEXT;
ALTER TABLE designations ADD COLUMN entry_key TEXT;
CREATE INDEX designations_publication ON designations(publication, entry_key);
ALTER TABLE lists ADD COLUMN publication TEXT;

-- The screening index, so that a cold `factions screen` reads only what a query needs.
-- Rebuilt when the designations change (`fingerprint` says for which set it was built).
CREATE TABLE screen_index_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    names       INTEGER NOT NULL,
    built_at    TEXT NOT NULL
);
-- Every indexed form of every entry's names.
CREATE TABLE screen_names (
    name_id        INTEGER PRIMARY KEY,
    designation_id TEXT NOT NULL,
    alias          TEXT NOT NULL,       -- the form as written (or derived: bracket-free, acronym)
    key            TEXT NOT NULL,       -- folded key (transliterated, articles and stopwords dropped)
    skeleton       TEXT NOT NULL,       -- consonant skeleton of the key, for script-crossing matches
    acronym        INTEGER NOT NULL,    -- 1: the form is an acronym, matched only as a whole
    latin          INTEGER NOT NULL     -- 1: written in Latin script
);
-- Posting lists: token (or 'k:' key, 'a:' acronym, 'z:'/'w:' skeleton trigram) -> names, one row per
-- token with the name ids packed (little-endian int32): a common word is one read, not thousands.
CREATE TABLE screen_postings (
    token    TEXT PRIMARY KEY,
    name_ids BLOB NOT NULL
) WITHOUT ROWID;
-- Token weights (inverse document frequency, generic words damped).
CREATE TABLE screen_tokens (
    token  TEXT PRIMARY KEY,
    weight REAL NOT NULL
) WITHOUT ROWID;
-- One-deletion variants of long tokens -> the tokens (typo lookup without scanning the vocabulary).
CREATE TABLE screen_variants (
    variant TEXT NOT NULL,
    token   TEXT NOT NULL,
    PRIMARY KEY (variant, token)
) WITHOUT ROWID;
-- The actor catalog's names ('k:' folded key, 'a:' acronym) -> the actors (JSON), for query expansion
-- and homonym dates without loading the catalog itself.
CREATE TABLE screen_catalog (
    form   TEXT PRIMARY KEY,
    actors TEXT NOT NULL
) WITHOUT ROWID;
-- Per-entry data the scorer needs besides names: where the entry is placed.
CREATE TABLE screen_entries (
    designation_id TEXT PRIMARY KEY,
    countries      TEXT NOT NULL        -- JSON list of ISO codes (the entry's, the catalog's)
) WITHOUT ROWID;
