-- A page of a province's systems, by level and code, read from one index
-- (which holds the rowid, the system's id); it serves every lookup by unit the
-- index it replaces served. See the PostgreSQL migration of the same number.
CREATE INDEX systems_unit_level_code ON systems (unit_id, level, code);
DROP INDEX systems_unit_id;
