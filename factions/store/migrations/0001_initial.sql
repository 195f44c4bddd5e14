-- The first factions schema. Each migration runs in one transaction and is
-- recorded in schema_migrations by factions/store/migrate.py; never edit an
-- applied migration, add a new numbered file instead.

-- One row per report body. The id is the body fingerprint, so reprints of the
-- same report land on the same row; the metadata is the ORIGINAL report's.
CREATE TABLE documents (
    id             TEXT PRIMARY KEY,
    title          TEXT,
    author         TEXT,
    outlet         TEXT,
    section        TEXT,
    published      TEXT,
    language       TEXT,
    text           TEXT NOT NULL,
    first_ingested TEXT NOT NULL,
    last_ingested  TEXT NOT NULL
);

-- One row per copy of a report as it was delivered (the original, reprints).
CREATE TABLE sources (
    id              TEXT PRIMARY KEY,
    document_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path            TEXT,
    raw_sha         TEXT,
    title           TEXT,
    author          TEXT,
    outlet          TEXT,
    section         TEXT,
    published       TEXT,
    republished_by  TEXT,
    republished     TEXT,
    url             TEXT,
    extraction_path TEXT,
    reliability     TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    ingested_at     TEXT NOT NULL
);
CREATE INDEX sources_document ON sources(document_id);

-- Store-wide actors, places and weapons; ids are chosen by the resolve stage.
CREATE TABLE entities (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    catalog_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_kind ON entities(kind);

-- Every surface form of an entity, with its name_key for spelling-blind lookup.
CREATE TABLE aliases (
    entity_id   TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    key         TEXT NOT NULL,
    document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX aliases_key ON aliases(key);

CREATE TABLE mentions (
    id                TEXT PRIMARY KEY,
    document_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id         TEXT NOT NULL REFERENCES entities(id),
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    text              TEXT NOT NULL,
    extractor         TEXT,
    extractor_version TEXT,
    confidence        REAL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_document ON mentions(document_id);

CREATE TABLE claims (
    id                TEXT PRIMARY KEY,
    document_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    subject_id        TEXT NOT NULL REFERENCES entities(id),
    predicate         TEXT NOT NULL,
    object_id         TEXT NOT NULL REFERENCES entities(id),
    negated           INTEGER NOT NULL DEFAULT 0,
    hedged            INTEGER NOT NULL DEFAULT 0,
    attributed_to     TEXT,
    date              TEXT,
    place             TEXT,
    list_name         TEXT,
    evidence          TEXT,
    span_start        INTEGER,
    span_end          INTEGER,
    extractor         TEXT,
    extractor_version TEXT,
    confidence        REAL,
    status            TEXT NOT NULL DEFAULT 'machine'
                      CHECK (status IN ('machine', 'accepted', 'rejected', 'corrected'))
);
CREATE INDEX claims_subject ON claims(subject_id);
CREATE INDEX claims_object ON claims(object_id);
CREATE INDEX claims_document ON claims(document_id);
CREATE INDEX claims_predicate ON claims(predicate);

CREATE TABLE events (
    id                TEXT PRIMARY KEY,
    document_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type              TEXT NOT NULL,
    sub_event_type    TEXT,
    place             TEXT,
    date              TEXT,
    date_precision    INTEGER,
    weapon            TEXT,
    fatalities        INTEGER,
    attributed_to     TEXT,
    evidence          TEXT,
    span_start        INTEGER,
    span_end          INTEGER,
    extractor         TEXT,
    extractor_version TEXT,
    confidence        REAL
);
CREATE INDEX events_document ON events(document_id);

CREATE TABLE event_actors (
    event_id  TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL CHECK (role IN ('actor', 'target')),
    PRIMARY KEY (event_id, entity_id, role)
);
CREATE INDEX event_actors_entity ON event_actors(entity_id);

-- Official terrorist / sanctions list entries; filled by the vetting stage.
CREATE TABLE designations (
    id          TEXT PRIMARY KEY,
    list        TEXT NOT NULL,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    listed      TEXT,
    amended     TEXT NOT NULL DEFAULT '[]',
    removed     TEXT,
    reference   TEXT,
    notes       TEXT,
    source_file TEXT,
    entity_id   TEXT REFERENCES entities(id) ON DELETE SET NULL
);
CREATE INDEX designations_list ON designations(list);
CREATE INDEX designations_entity ON designations(entity_id);

-- Append-only record of human decisions; an undo is a new row that the undone
-- row points to through undone_by.
CREATE TABLE curation_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    payload   TEXT NOT NULL DEFAULT '{}',
    reason    TEXT,
    undone_by INTEGER REFERENCES curation_log(id)
);
CREATE INDEX curation_log_target ON curation_log(target);
