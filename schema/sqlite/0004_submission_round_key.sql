-- A submission answers for a system its round froze: one foreign key to the
-- round's systems, stricter than the two it replaces (to campaigns and to
-- systems). SQLite cannot change a table's constraints, so the table is
-- rebuilt with its rows and indexes; nothing refers to submissions.
CREATE TABLE submissions_new (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL,
  system_id    INTEGER NOT NULL,
  upload_id    INTEGER NOT NULL REFERENCES uploads (id),
  source_row   INTEGER NOT NULL,
  answers      TEXT NOT NULL,
  answers_hash TEXT NOT NULL,
  score        REAL,
  group_scores TEXT NOT NULL,
  is_current   INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  submitted_at TEXT NOT NULL,
  FOREIGN KEY (campaign_id, system_id) REFERENCES campaign_systems (campaign_id, system_id)
);
INSERT INTO submissions_new SELECT id, campaign_id, system_id, upload_id, source_row, answers, answers_hash, score,
  group_scores, is_current, submitted_at FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;
CREATE UNIQUE INDEX submissions_current ON submissions (campaign_id, system_id) WHERE is_current = 1;
CREATE INDEX submissions_system ON submissions (campaign_id, system_id);
