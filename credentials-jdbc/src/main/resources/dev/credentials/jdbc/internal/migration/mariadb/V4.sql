-- Credentials schema version 4 (MariaDB/MySQL): version history of credentials' values, and the
-- expiry reminders already sent. No foreign keys: both are removed with their credential by the
-- repository.

CREATE TABLE IF NOT EXISTS credential_versions (
  tenant VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  version BIGINT NOT NULL,
  created_at DECIMAL(29,9) NOT NULL,
  author VARCHAR(512) NOT NULL,
  changed_fields MEDIUMTEXT NOT NULL,
  key_id VARCHAR(255) NOT NULL,
  sealed_value LONGBLOB NOT NULL,
  CONSTRAINT pk_credential_versions PRIMARY KEY (tenant, credential_id, version),
  INDEX ix_credential_versions_key (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS expiry_reminders (
  tenant VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  expires_at DECIMAL(29,9) NOT NULL,
  lead_seconds BIGINT NOT NULL,
  sent_at DECIMAL(29,9) NOT NULL,
  CONSTRAINT pk_expiry_reminders PRIMARY KEY (tenant, credential_id, expires_at, lead_seconds),
  INDEX ix_expiry_reminders_sent (tenant, sent_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
