-- Full-text search (FTS5) over documents and actor names, for the web app's search.
--
-- Why not external-content tables: documents and aliases have TEXT primary keys, so
-- their rowids are implicit and VACUUM may renumber them, which would silently point
-- an external-content index at the wrong rows. So the indexes keep their own copy of
-- the text (plain FTS5 tables) and are kept in step by triggers.

-- documents_fts rowid = search_doc_ids.n: an INTEGER PRIMARY KEY, stable under VACUUM,
-- so a changed document's old index row is found without scanning the index.
CREATE TABLE search_doc_ids (
    n           INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL UNIQUE  -- no foreign key: the delete trigger needs the row until it ran
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    document_id UNINDEXED, title, text,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Every distinct alias string once (names are aliases too: the store adds an
-- entity's name to its aliases). Rows are joined back to aliases by key and
-- spelling, so merges and splits (which move aliases between entities) need no
-- index change, and a stale string left by a deleted alias simply joins nothing.
CREATE VIRTUAL TABLE aliases_fts USING fts5(
    alias,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO search_doc_ids (document_id) VALUES (new.id);
    INSERT INTO documents_fts (rowid, document_id, title, text)
        VALUES ((SELECT n FROM search_doc_ids WHERE document_id = new.id), new.id, new.title, new.text);
END;

-- Only a real change rewrites the index: re-ingesting the same report touches
-- last_ingested alone and must leave the store byte-for-byte as it was.
CREATE TRIGGER documents_search_update AFTER UPDATE OF title, text ON documents
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
    DELETE FROM documents_fts WHERE rowid = (SELECT n FROM search_doc_ids WHERE document_id = old.id);
    INSERT INTO documents_fts (rowid, document_id, title, text)
        VALUES ((SELECT n FROM search_doc_ids WHERE document_id = new.id), new.id, new.title, new.text);
END;

CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = (SELECT n FROM search_doc_ids WHERE document_id = old.id);
    DELETE FROM search_doc_ids WHERE document_id = old.id;
END;

CREATE TRIGGER aliases_search_insert AFTER INSERT ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases WHERE key = new.key AND alias = new.alias AND rowid != new.rowid) BEGIN
    INSERT INTO aliases_fts (alias) VALUES (new.alias);
END;

CREATE TRIGGER aliases_search_update AFTER UPDATE OF alias ON aliases
WHEN NOT EXISTS (SELECT 1 FROM aliases WHERE key = new.key AND alias = new.alias AND rowid != new.rowid) BEGIN
    INSERT INTO aliases_fts (alias) VALUES (new.alias);
END;

-- Rebuild for the rows stored before this migration.
INSERT INTO search_doc_ids (document_id) SELECT id FROM documents ORDER BY first_ingested, id;
INSERT INTO documents_fts (rowid, document_id, title, text)
    SELECT m.n, d.id, d.title, d.text FROM documents d JOIN search_doc_ids m ON m.document_id = d.id ORDER BY m.n;
INSERT INTO aliases_fts (alias) SELECT DISTINCT alias FROM aliases ORDER BY alias;

-- The web app's network view and edge evidence look claims up by (subject, object) pair.
CREATE INDEX claims_pair ON claims(subject_id, object_id);
