-- Placeholder for schema version 8, which another branch (event date instants) adds;
-- replaced by that branch's 0008 file when the two are merged.
SELECT 1;
