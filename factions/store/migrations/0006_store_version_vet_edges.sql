-- Speed at archive scale: a store version that keys every cache, and an adjacency table
-- that lets vetting walk the graph without reading claims (see docs/schema.md, 0006).
--
-- Both are kept in step by triggers, so every write path (a save, a merge, a curation
-- step, a list load, an import, plain SQL) updates them in its own transaction.

-- One row: bumped by every change a page or a vetting report can show.
CREATE TABLE store_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 1);

-- Claims are not watched on insert: a claim is only ever inserted with its document's save,
-- which bumps through documents; watching them would cost one update per claim in bulk loads.
CREATE TRIGGER store_version_documents_insert AFTER INSERT ON documents BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_documents_update AFTER UPDATE ON documents BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_documents_delete AFTER DELETE ON documents BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_sources_insert AFTER INSERT ON sources BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_sources_update AFTER UPDATE ON sources BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_entities_insert AFTER INSERT ON entities BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_entities_update AFTER UPDATE ON entities BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_aliases_insert AFTER INSERT ON aliases BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_aliases_update AFTER UPDATE ON aliases BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_claims_update AFTER UPDATE ON claims BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_claims_delete AFTER DELETE ON claims BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_lists_insert AFTER INSERT ON lists BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_lists_delete AFTER DELETE ON lists BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_screen_hits_insert AFTER INSERT ON screen_hits BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_screen_hits_delete AFTER DELETE ON screen_hits BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_curation_insert AFTER INSERT ON curation_log BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_merges_insert AFTER INSERT ON entity_merges BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_merges_update AFTER UPDATE ON entity_merges BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_overrides_insert AFTER INSERT ON alias_overrides BEGIN UPDATE store_version SET version = version + 1; END;
CREATE TRIGGER store_version_overrides_update AFTER UPDATE ON alias_overrides BEGIN UPDATE store_version SET version = version + 1; END;

-- The predicates a vetting path may follow (factions.analyze.vetting.RISK_PREDICATES; a test
-- keeps the two equal: change both with a new migration).
CREATE TABLE risk_predicates (predicate TEXT PRIMARY KEY);
INSERT INTO risk_predicates (predicate) VALUES ('fights_alongside'), ('ally_of'), ('member_of'), ('branch_of'),
    ('pledged_allegiance_to'), ('merged_into'), ('renamed_to'), ('backed_by'), ('supplies_weapons_to');

-- Claims a vetting path can follow, with the day vetting dates them by (the claim's own date,
-- else the report's publication, else its earliest copy's; '' when none), cut to the day.
CREATE VIEW vet_claim_days AS
SELECT c.rowid AS claim, c.subject_id, c.object_id,
       COALESCE(substr(COALESCE(c.date, d.published,
                                (SELECT MIN(COALESCE(s.published, s.republished)) FROM sources s
                                 WHERE s.document_id = d.id)), 1, 10), '') AS day
FROM claims c JOIN documents d ON d.id = c.document_id
WHERE c.status != 'rejected' AND c.negated = 0 AND c.subject_id != c.object_id
  AND c.predicate IN (SELECT predicate FROM risk_predicates);

-- Each such claim counted twice, once from each end: node -> other, side 0 when node is the
-- subject, 1 when it is the object, per day. first_claim (the lowest claim rowid) keeps the
-- order in which a walk over the claims themselves meets the neighbours.
CREATE TABLE vet_edges (
    node        TEXT NOT NULL,
    other       TEXT NOT NULL,
    side        INTEGER NOT NULL,
    day         TEXT NOT NULL,
    first_claim INTEGER NOT NULL,
    claims      INTEGER NOT NULL,
    PRIMARY KEY (node, other, side, day)
) WITHOUT ROWID;

-- A pair's rows are recomputed through claims_pair (subject_id, object_id), from migration 0003.
INSERT INTO vet_edges (node, other, side, day, first_claim, claims)
SELECT subject_id, object_id, 0, day, MIN(claim), COUNT(*) FROM vet_claim_days GROUP BY subject_id, object_id, day
UNION ALL
SELECT object_id, subject_id, 1, day, MIN(claim), COUNT(*) FROM vet_claim_days GROUP BY subject_id, object_id, day;

-- A new claim adds to its rows: cheap, whatever the pair's size.
CREATE TRIGGER vet_edges_claim_insert AFTER INSERT ON claims
WHEN new.status != 'rejected' AND new.negated = 0 AND new.subject_id != new.object_id
     AND new.predicate IN (SELECT predicate FROM risk_predicates)
BEGIN
    INSERT INTO vet_edges (node, other, side, day, first_claim, claims)
    SELECT subject_id, object_id, 0, day, claim, 1 FROM vet_claim_days WHERE claim = new.rowid
    UNION ALL
    SELECT object_id, subject_id, 1, day, claim, 1 FROM vet_claim_days WHERE claim = new.rowid
    ON CONFLICT (node, other, side, day) DO UPDATE
        SET first_claim = MIN(first_claim, excluded.first_claim), claims = claims + 1;
END;

-- Anything else recomputes the pair's rows from its claims: a work queue whose insert does the
-- work and removes itself, so that every trigger below names the pair and nothing more.
CREATE TABLE vet_stale_pairs (subject_id TEXT NOT NULL, object_id TEXT NOT NULL);

CREATE TRIGGER vet_stale_pairs_refill AFTER INSERT ON vet_stale_pairs BEGIN
    DELETE FROM vet_edges WHERE node = new.subject_id AND other = new.object_id AND side = 0;
    DELETE FROM vet_edges WHERE node = new.object_id AND other = new.subject_id AND side = 1;
    INSERT INTO vet_edges (node, other, side, day, first_claim, claims)
    SELECT subject_id, object_id, 0, day, MIN(claim), COUNT(*) FROM vet_claim_days
    WHERE subject_id = new.subject_id AND object_id = new.object_id GROUP BY day
    UNION ALL
    SELECT object_id, subject_id, 1, day, MIN(claim), COUNT(*) FROM vet_claim_days
    WHERE subject_id = new.subject_id AND object_id = new.object_id GROUP BY day;
    DELETE FROM vet_stale_pairs WHERE rowid = new.rowid;
END;

CREATE TRIGGER vet_edges_claim_delete AFTER DELETE ON claims
WHEN old.status != 'rejected' AND old.negated = 0 AND old.subject_id != old.object_id
     AND old.predicate IN (SELECT predicate FROM risk_predicates)
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id) VALUES (old.subject_id, old.object_id);
END;

-- A curation step or a merge: the old pair is recomputed; a claim moved to another pair (a merge
-- into a hub) is added to it like a new claim, so that a merge never recomputes a hub's pairs.
CREATE TRIGGER vet_edges_claim_update
AFTER UPDATE OF subject_id, object_id, predicate, negated, status, date, document_id ON claims
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id) VALUES (old.subject_id, old.object_id);
    INSERT INTO vet_edges (node, other, side, day, first_claim, claims)
    SELECT subject_id, object_id, 0, day, claim, 1 FROM vet_claim_days
    WHERE claim = new.rowid AND (new.subject_id != old.subject_id OR new.object_id != old.object_id)
    UNION ALL
    SELECT object_id, subject_id, 1, day, claim, 1 FROM vet_claim_days
    WHERE claim = new.rowid AND (new.subject_id != old.subject_id OR new.object_id != old.object_id)
    ON CONFLICT (node, other, side, day) DO UPDATE
        SET first_claim = MIN(first_claim, excluded.first_claim), claims = claims + 1;
END;

-- An undated claim takes its report's day: when that changes, the report's pairs are recomputed.
CREATE TRIGGER vet_edges_document_day AFTER UPDATE OF published ON documents
WHEN old.published IS NOT new.published
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id)
    SELECT DISTINCT subject_id, object_id FROM claims WHERE document_id = new.id AND date IS NULL;
END;

-- ... and a report without a publication date takes its earliest copy's.
CREATE TRIGGER vet_edges_source_insert AFTER INSERT ON sources
WHEN (SELECT published FROM documents WHERE id = new.document_id) IS NULL
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id)
    SELECT DISTINCT subject_id, object_id FROM claims WHERE document_id = new.document_id AND date IS NULL;
END;

CREATE TRIGGER vet_edges_source_update AFTER UPDATE OF published, republished, document_id ON sources
WHEN (SELECT published FROM documents WHERE id = new.document_id) IS NULL
  OR (SELECT published FROM documents WHERE id = old.document_id) IS NULL
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id)
    SELECT DISTINCT subject_id, object_id FROM claims
    WHERE document_id IN (old.document_id, new.document_id) AND date IS NULL;
END;

CREATE TRIGGER vet_edges_source_delete AFTER DELETE ON sources
WHEN (SELECT published FROM documents WHERE id = old.document_id) IS NULL
BEGIN
    INSERT INTO vet_stale_pairs (subject_id, object_id)
    SELECT DISTINCT subject_id, object_id FROM claims WHERE document_id = old.document_id AND date IS NULL;
END;
