-- Survey rounds: questionnaires (immutable once a round uses them), campaigns
-- with the set of systems frozen when they open, uploads and submissions.
-- Answers are packed one row per submission (values in questionnaire order),
-- which keeps a 100,000-system round to 100,000 rows instead of 12 million.
CREATE TABLE questionnaires (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  document    TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (code, version)
);

CREATE TABLE campaigns (
  id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
  title            TEXT NOT NULL,
  opens            DATE NOT NULL,
  closes           DATE NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
  scope            TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  opened_at        TEXT,
  closed_at        TEXT
);

CREATE TABLE campaign_systems (
  campaign_id     BIGINT NOT NULL REFERENCES campaigns (id),
  system_id       BIGINT NOT NULL REFERENCES systems (id),
  unit_id         BIGINT REFERENCES units (id),
  owner_id        BIGINT NOT NULL REFERENCES entities (id),
  level           INTEGER,
  category        TEXT NOT NULL,
  internet_facing INTEGER NOT NULL,
  personal_data   INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, system_id)
);

CREATE TABLE uploads (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  BIGINT NOT NULL REFERENCES campaigns (id),
  scope        TEXT NOT NULL,
  actor        TEXT NOT NULL,
  source       TEXT,
  content_hash TEXT NOT NULL,
  at           TEXT NOT NULL,
  row_count    INTEGER NOT NULL,
  created      INTEGER NOT NULL,
  replaced     INTEGER NOT NULL,
  unchanged    INTEGER NOT NULL
);

CREATE TABLE submissions (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  BIGINT NOT NULL REFERENCES campaigns (id),
  system_id    BIGINT NOT NULL REFERENCES systems (id),
  upload_id    BIGINT NOT NULL REFERENCES uploads (id),
  source_row   INTEGER NOT NULL,
  answers      TEXT NOT NULL,
  answers_hash TEXT NOT NULL,
  score        DOUBLE PRECISION,
  group_scores TEXT NOT NULL,
  is_current   INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  submitted_at TEXT NOT NULL
);
CREATE UNIQUE INDEX submissions_current ON submissions (campaign_id, system_id) WHERE is_current = 1;
CREATE INDEX submissions_system ON submissions (campaign_id, system_id);
