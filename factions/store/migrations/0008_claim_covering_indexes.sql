-- Covering indexes for the network: an actor's claims by one end, and the claims among its
-- neighbours by both (serve/web/graph.py). A claim row carries its sentence, so reading a hub's
-- rows costs about a page per claim; these answer the graph's questions from the index alone.
-- claims_pair(subject_id, object_id) is a prefix of the first and goes; claims_subject and
-- claims_object stay for the readers that walk an actor's claims in stored order.
CREATE INDEX claims_by_subject ON claims(subject_id, object_id, predicate, negated, status, document_id, date);
CREATE INDEX claims_by_object ON claims(object_id, subject_id, predicate, negated, status, document_id, date);
DROP INDEX claims_pair;
