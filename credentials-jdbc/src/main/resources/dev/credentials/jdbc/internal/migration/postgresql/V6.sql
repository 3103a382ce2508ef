-- Credentials schema version 6 (PostgreSQL): sourced credentials and tenant-wide defaults.
-- source_ref holds a sourced credential's reference as JSON (source, location, field mapping; never
-- a value); NULL for a credential whose values are sealed in sealed_value.
-- tenant_defaults names, per tenant and topic, the credential consumers without a binding of
-- their own inherit.

ALTER TABLE credentials ADD COLUMN IF NOT EXISTS source_ref TEXT;

CREATE TABLE IF NOT EXISTS tenant_defaults (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  topic VARCHAR(128) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C" NOT NULL,
  set_at NUMERIC(29,9) NOT NULL,
  set_by TEXT NOT NULL,
  CONSTRAINT pk_tenant_defaults PRIMARY KEY (tenant, topic),
  CONSTRAINT fk_tenant_defaults_credential FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
);
CREATE INDEX IF NOT EXISTS ix_tenant_defaults_credential ON tenant_defaults (tenant, credential_id);
