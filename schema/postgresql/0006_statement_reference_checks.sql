-- The references written in bulk are checked once per statement instead of
-- once per row. A foreign key runs a query and takes a row lock for every row
-- written: an upload's 100,000 submissions spent about 1 s in their two keys,
-- a systems import's 107,000 rows about 1.5 s in their three
-- (bench/README.md, "Reference checks"). Each key below becomes:
--   * on the referencing table, triggers after INSERT and after UPDATE, once
--     per statement, that lock the referenced table in SHARE mode (nothing may
--     insert, change or delete its rows until this transaction ends; readers
--     are not held) and refuse the statement if one of its new rows names a
--     row that does not exist;
--   * on the referenced table, triggers after DELETE and after UPDATE that
--     refuse to take away a row still referenced, and before TRUNCATE where
--     no other key already forbids it.
-- Both raise foreign_key_violation (23503), as the keys did. Under READ
-- COMMITTED each query in these functions sees what committed before it
-- began, so of a referencing and a referenced write that race the one that
-- gets its lock second sees the other's rows and fails. SQLite keeps the keys.
ALTER TABLE submissions
  DROP CONSTRAINT submissions_round_system_fkey,
  DROP CONSTRAINT submissions_upload_id_fkey;
ALTER TABLE systems
  DROP CONSTRAINT systems_owner_id_fkey,
  DROP CONSTRAINT systems_operator_id_fkey,
  DROP CONSTRAINT systems_unit_id_fkey;

CREATE FUNCTION submissions_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  LOCK TABLE campaign_systems, uploads IN SHARE MODE;
  SELECT n.campaign_id, n.system_id INTO bad FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM campaign_systems r WHERE r.campaign_id = n.campaign_id AND r.system_id = n.system_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE foreign_key_violation USING
      MESSAGE = 'insert or update on table "submissions" violates its reference to "campaign_systems"',
      DETAIL = format('Key (campaign_id, system_id)=(%s, %s) is not present in table "campaign_systems".',
                      bad.campaign_id, bad.system_id);
  END IF;
  SELECT n.upload_id INTO bad FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM uploads r WHERE r.id = n.upload_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE foreign_key_violation USING
      MESSAGE = 'insert or update on table "submissions" violates its reference to "uploads"',
      DETAIL = format('Key (upload_id)=(%s) is not present in table "uploads".', bad.upload_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER submissions_references_on_insert AFTER INSERT ON submissions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION submissions_check_references();
CREATE TRIGGER submissions_references_on_update AFTER UPDATE ON submissions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION submissions_check_references();

CREATE FUNCTION systems_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  LOCK TABLE entities, units IN SHARE MODE;
  SELECT n.owner_id AS id, 'owner_id' AS col, 'entities' AS tab INTO bad FROM new_rows n
   WHERE NOT EXISTS (SELECT 1 FROM entities r WHERE r.id = n.owner_id) LIMIT 1;
  IF NOT FOUND THEN
    SELECT n.operator_id AS id, 'operator_id' AS col, 'entities' AS tab INTO bad FROM new_rows n
     WHERE n.operator_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entities r WHERE r.id = n.operator_id) LIMIT 1;
  END IF;
  IF NOT FOUND THEN
    SELECT n.unit_id AS id, 'unit_id' AS col, 'units' AS tab INTO bad FROM new_rows n
     WHERE n.unit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM units r WHERE r.id = n.unit_id) LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE foreign_key_violation USING
      MESSAGE = format('insert or update on table "systems" violates its reference to "%s"', bad.tab),
      DETAIL = format('Key (%s)=(%s) is not present in table "%s".', bad.col, bad.id, bad.tab);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER systems_references_on_insert AFTER INSERT ON systems REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION systems_check_references();
CREATE TRIGGER systems_references_on_update AFTER UPDATE ON systems REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION systems_check_references();

-- The referenced side: a row gone (deleted, or its key changed) that a
-- referencing row still names. TG_TABLE_NAME tells which table fired.
CREATE FUNCTION check_still_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- Only keys gone from the table can be missed: after an UPDATE that kept
  -- every key (the usual case) the first step of each query finds none.
  IF TG_TABLE_NAME = 'campaign_systems' THEN
    WITH gone AS MATERIALIZED (
      SELECT o.campaign_id, o.system_id FROM old_rows o
       WHERE NOT EXISTS (SELECT 1 FROM campaign_systems r WHERE r.campaign_id = o.campaign_id AND r.system_id = o.system_id))
    SELECT format('(campaign_id, system_id)=(%s, %s)', g.campaign_id, g.system_id) AS key, 'submissions' AS tab
      INTO bad FROM gone g
     WHERE EXISTS (SELECT 1 FROM submissions s WHERE s.campaign_id = g.campaign_id AND s.system_id = g.system_id)
     LIMIT 1;
  ELSIF TG_TABLE_NAME = 'uploads' THEN
    WITH gone AS MATERIALIZED (SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM uploads r WHERE r.id = o.id))
    SELECT format('(id)=(%s)', g.id) AS key, 'submissions' AS tab INTO bad FROM gone g
     WHERE EXISTS (SELECT 1 FROM submissions s WHERE s.upload_id = g.id)
     LIMIT 1;
  ELSIF TG_TABLE_NAME = 'entities' THEN
    WITH gone AS MATERIALIZED (SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM entities r WHERE r.id = o.id))
    SELECT format('(id)=(%s)', g.id) AS key, 'systems' AS tab INTO bad FROM gone g
     WHERE EXISTS (SELECT 1 FROM systems s WHERE s.owner_id = g.id)
        OR EXISTS (SELECT 1 FROM systems s WHERE s.operator_id = g.id)
     LIMIT 1;
  ELSE  -- units
    WITH gone AS MATERIALIZED (SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM units r WHERE r.id = o.id))
    SELECT format('(id)=(%s)', g.id) AS key, 'systems' AS tab INTO bad FROM gone g
     WHERE EXISTS (SELECT 1 FROM systems s WHERE s.unit_id = g.id)
     LIMIT 1;
  END IF;
  IF FOUND THEN
    RAISE foreign_key_violation USING
      MESSAGE = format('update or delete on table "%s" violates a reference from "%s"', TG_TABLE_NAME, bad.tab),
      DETAIL = format('Key %s is still referenced from table "%s".', bad.key, bad.tab);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER campaign_systems_referenced_on_delete AFTER DELETE ON campaign_systems REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER campaign_systems_referenced_on_update AFTER UPDATE ON campaign_systems REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER uploads_referenced_on_delete AFTER DELETE ON uploads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER uploads_referenced_on_update AFTER UPDATE ON uploads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER entities_referenced_on_delete AFTER DELETE ON entities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER entities_referenced_on_update AFTER UPDATE ON entities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER units_referenced_on_delete AFTER DELETE ON units REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();
CREATE TRIGGER units_referenced_on_update AFTER UPDATE ON units REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION check_still_referenced();

-- Other keys already forbid emptying entities and units (campaign_systems
-- names both); nothing else names uploads or campaign_systems.
CREATE FUNCTION refuse_truncate_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM submissions) THEN
    RAISE feature_not_supported USING
      MESSAGE = format('cannot truncate table "%s": table "submissions" references it', TG_TABLE_NAME);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER campaign_systems_referenced_on_truncate BEFORE TRUNCATE ON campaign_systems
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_referenced();
CREATE TRIGGER uploads_referenced_on_truncate BEFORE TRUNCATE ON uploads
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate_referenced();
