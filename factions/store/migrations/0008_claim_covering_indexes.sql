-- Covering indexes for the network: an actor's claims by one end, and the claims among its
-- neighbours by both (serve/web/graph.py names them with INDEXED BY). A claim row carries its
-- sentence, so reading a hub's rows costs about a page per claim; these answer the graph's
-- questions from the index alone. The narrower indexes stay: a pair's claims in stored order
-- (ORDER BY rowid) come from claims_pair without a sort, and without it the planner reads the
-- pair through claims_object, every claim of a hub.
CREATE INDEX claims_by_subject ON claims(subject_id, object_id, predicate, negated, status, document_id, date);
CREATE INDEX claims_by_object ON claims(object_id, subject_id, predicate, negated, status, document_id, date);
