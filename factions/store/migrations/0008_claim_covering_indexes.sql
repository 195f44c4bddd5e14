-- Covering indexes for reading claims by one end or by both (the network, the timeline's years,
-- the evidence of one edge). A claim row carries its sentence, so reading a hub's rows costs about
-- a page per claim; these answer the graph's questions from the index alone. They serve every
-- lookup the narrower indexes did (same leading columns), which go.
CREATE INDEX claims_by_subject ON claims(subject_id, object_id, predicate, negated, status, document_id, date);
CREATE INDEX claims_by_object ON claims(object_id, subject_id, predicate, negated, status, document_id, date);
DROP INDEX claims_pair;
DROP INDEX claims_subject;
DROP INDEX claims_object;
