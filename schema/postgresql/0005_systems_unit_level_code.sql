-- A page of a province's systems, by level and code, read from one index:
-- their ids come out of it in code order without touching the table, so a
-- list joins only the page (bench/README.md, "API lookups"). It serves every
-- lookup by unit the index it replaces served.
CREATE INDEX systems_unit_level_code ON systems (unit_id, level, code) INCLUDE (id);
DROP INDEX systems_unit_id;
