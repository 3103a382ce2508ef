-- Credentials schema version 6 (MariaDB/MySQL): sourced credentials and tenant-wide defaults.
-- Every statement is idempotent: a migration that stopped half way is simply run again.
-- source_ref holds a sourced credential's reference as JSON (source, location, field mapping; never
-- a value); NULL for a credential whose values are sealed in sealed_value.
-- tenant_defaults names, per tenant and topic, the credential consumers without a binding of
-- their own inherit.

ALTER TABLE credentials ADD COLUMN IF NOT EXISTS source_ref MEDIUMTEXT;

CREATE TABLE IF NOT EXISTS tenant_defaults (
  tenant VARCHAR(128) NOT NULL,
  topic VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  set_at DECIMAL(29,9) NOT NULL,
  set_by MEDIUMTEXT NOT NULL,
  CONSTRAINT pk_tenant_defaults PRIMARY KEY (tenant, topic),
  INDEX ix_tenant_defaults_credential (tenant, credential_id),
  CONSTRAINT fk_tenant_defaults_credential FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
