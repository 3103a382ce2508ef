-- Credentials schema version 4 (PostgreSQL): version history of credentials' values, and the
-- expiry reminders already sent. No foreign keys: both are removed with their credential by the
-- repository.

CREATE TABLE IF NOT EXISTS credential_versions (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  created_at NUMERIC(29,9) NOT NULL,
  author VARCHAR(512) NOT NULL,
  changed_fields TEXT NOT NULL,
  key_id VARCHAR(255) COLLATE "C" NOT NULL,
  sealed_value BYTEA NOT NULL,
  CONSTRAINT pk_credential_versions PRIMARY KEY (tenant, credential_id, version)
);
CREATE INDEX IF NOT EXISTS ix_credential_versions_key ON credential_versions (key_id);

CREATE TABLE IF NOT EXISTS expiry_reminders (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C" NOT NULL,
  expires_at NUMERIC(29,9) NOT NULL,
  lead_seconds BIGINT NOT NULL,
  sent_at NUMERIC(29,9) NOT NULL,
  CONSTRAINT pk_expiry_reminders PRIMARY KEY (tenant, credential_id, expires_at, lead_seconds)
);
CREATE INDEX IF NOT EXISTS ix_expiry_reminders_sent ON expiry_reminders (tenant, sent_at);
