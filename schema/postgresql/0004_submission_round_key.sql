-- A submission answers for a system its round froze: one foreign key to the
-- round's systems, stricter than the two it replaces (to campaigns and to
-- systems), and one check per stored row instead of two. The checks dominated
-- the time of storing an upload (bench/README.md, "Survey upload").
ALTER TABLE submissions
  DROP CONSTRAINT submissions_campaign_id_fkey,
  DROP CONSTRAINT submissions_system_id_fkey,
  ADD CONSTRAINT submissions_round_system_fkey FOREIGN KEY (campaign_id, system_id)
    REFERENCES campaign_systems (campaign_id, system_id);
