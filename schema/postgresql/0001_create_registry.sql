-- The registry: administrative units, entities (owners and operators),
-- information systems, and the append-only change log.
CREATE TABLE units (
  id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  search_key     TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('province', 'city', 'commune', 'ward', 'special_zone')),
  parent_id      BIGINT REFERENCES units (id),
  valid_from     DATE NOT NULL,
  valid_to       DATE,
  merged_into_id BIGINT REFERENCES units (id),
  UNIQUE (code, valid_from)
);

CREATE TABLE entities (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  search_key    TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('ministry', 'province_committee', 'department', 'agency',
                                               'school', 'hospital', 'enterprise', 'other')),
  parent_id     BIGINT REFERENCES entities (id),
  unit_id       BIGINT REFERENCES units (id),
  contact_name  TEXT,
  contact_email TEXT,
  contact_phone TEXT
);
CREATE INDEX entities_parent_id ON entities (parent_id);
CREATE INDEX entities_unit_id ON entities (unit_id);

CREATE TABLE systems (
  id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                   TEXT NOT NULL UNIQUE,
  name                   TEXT NOT NULL,
  search_key             TEXT NOT NULL,
  owner_id               BIGINT NOT NULL REFERENCES entities (id),
  operator_id            BIGINT REFERENCES entities (id),
  unit_id                BIGINT REFERENCES units (id),
  category               TEXT NOT NULL CHECK (category IN ('a', 'b', 'c', 'd', 'e')),
  level                  INTEGER CHECK (level BETWEEN 1 AND 5),
  dossier_status         TEXT NOT NULL CHECK (dossier_status IN ('none', 'proposed', 'appraised', 'approved')),
  decision_no            TEXT,
  decision_date          DATE,
  info_types             TEXT,
  personal_data_subjects BIGINT CHECK (personal_data_subjects >= 0),
  internet_facing        INTEGER NOT NULL CHECK (internet_facing IN (0, 1)),
  shared_scope           TEXT CHECK (shared_scope IN ('agency', 'province', 'sector', 'national')),
  hosting                TEXT CHECK (hosting IN ('on_premises', 'gov_cloud', 'commercial_cloud')),
  lifecycle              TEXT NOT NULL CHECK (lifecycle IN ('planned', 'operating', 'retired')),
  go_live                DATE,
  retired_on             DATE,
  retire_reason          TEXT,
  version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX systems_owner_id ON systems (owner_id);
CREATE INDEX systems_unit_id ON systems (unit_id);
CREATE INDEX systems_level ON systems (level);

CREATE TABLE changes (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  code        TEXT NOT NULL,
  op          TEXT NOT NULL,
  source      TEXT,
  source_row  BIGINT,
  before_json TEXT,
  after_json  TEXT
);
CREATE INDEX changes_kind_code ON changes (kind, code);
