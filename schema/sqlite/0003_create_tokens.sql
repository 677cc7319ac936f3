-- API tokens: the secret is shown once and only its keyed hash (HMAC-SHA256)
-- is stored; revocation applies to the next request.
CREATE TABLE tokens (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  role        TEXT NOT NULL CHECK (role IN ('admin', 'province', 'ministry', 'reader')),
  scope_code  TEXT,
  secret_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_on  DATE,
  revoked_at  TEXT
);
