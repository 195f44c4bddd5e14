-- Vetting a hub at archive scale (see docs/schema.md, 0007): covering indexes for the two
-- per-actor reads that touch every claim of the actor.
--
-- Coverage counts the documents an actor's claims come from: with document_id in the index
-- the hundreds of thousands of claims of a hub are read from the index alone, not row by row.
-- The subject index also carries the predicate, so that an actor's own designated_by claims
-- (the record-versus-reports check) are a seek, not a scan of every claim it is the subject of.
-- claims_subject and claims_object stay: other readers rely on their order.
CREATE INDEX claims_subject_predicate_document ON claims(subject_id, predicate, document_id);
CREATE INDEX claims_object_document ON claims(object_id, document_id);
