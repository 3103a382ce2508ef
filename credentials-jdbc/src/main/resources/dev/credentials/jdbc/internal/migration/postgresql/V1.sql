-- Credentials schema version 1 (PostgreSQL): prototypes, credentials, consumers, bindings, audit.
-- PostgreSQL runs DDL in transactions: the whole migration commits or nothing does.
-- Identifiers and names use the "C" collation: binary order and equality, as in Java.
-- Instants are NUMERIC(29,9) epoch seconds: exact to the nanosecond, ordered, any year.

CREATE TABLE IF NOT EXISTS prototype_documents (
  code VARCHAR(255) COLLATE "C" NOT NULL,
  document TEXT NOT NULL,
  CONSTRAINT pk_prototype_documents PRIMARY KEY (code)
);

CREATE TABLE IF NOT EXISTS credentials (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  id VARCHAR(36) COLLATE "C" NOT NULL,
  prototype VARCHAR(255) COLLATE "C" NOT NULL,
  name VARCHAR(255) COLLATE "C" NOT NULL,
  name_folded VARCHAR(1024) COLLATE "C" NOT NULL,
  environment VARCHAR(128) COLLATE "C" NOT NULL,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,
  active BOOLEAN NOT NULL,
  expires_at NUMERIC(29,9),
  version BIGINT NOT NULL,
  created_at NUMERIC(29,9) NOT NULL,
  updated_at NUMERIC(29,9) NOT NULL,
  key_id VARCHAR(255) COLLATE "C" NOT NULL,
  sealed_value BYTEA NOT NULL,
  last_test_state VARCHAR(32) COLLATE "C",
  last_test_message TEXT,
  last_test_at NUMERIC(29,9),
  last_test_ttl BIGINT,
  last_test_details TEXT,
  CONSTRAINT pk_credentials PRIMARY KEY (tenant, id),
  CONSTRAINT uq_credentials_name UNIQUE (tenant, name, environment)
);
CREATE INDEX IF NOT EXISTS ix_credentials_prototype ON credentials (tenant, prototype);
CREATE INDEX IF NOT EXISTS ix_credentials_expiry ON credentials (tenant, expires_at);
CREATE INDEX IF NOT EXISTS ix_credentials_key ON credentials (key_id);

CREATE TABLE IF NOT EXISTS credential_tags (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C" NOT NULL,
  tag VARCHAR(255) COLLATE "C" NOT NULL,
  CONSTRAINT pk_credential_tags PRIMARY KEY (tenant, credential_id, tag),
  CONSTRAINT fk_credential_tags FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
);
CREATE INDEX IF NOT EXISTS ix_credential_tags_tag ON credential_tags (tenant, tag);

CREATE TABLE IF NOT EXISTS consumers (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  id VARCHAR(128) COLLATE "C" NOT NULL,
  CONSTRAINT pk_consumers PRIMARY KEY (tenant, id)
);

CREATE TABLE IF NOT EXISTS consumer_requirements (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  consumer_id VARCHAR(128) COLLATE "C" NOT NULL,
  ordinal INT NOT NULL,
  topic VARCHAR(128) COLLATE "C" NOT NULL,
  description TEXT NOT NULL,
  CONSTRAINT pk_consumer_requirements PRIMARY KEY (tenant, consumer_id, ordinal),
  CONSTRAINT fk_consumer_requirements FOREIGN KEY (tenant, consumer_id) REFERENCES consumers (tenant, id)
);

CREATE TABLE IF NOT EXISTS bindings (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  consumer_id VARCHAR(128) COLLATE "C" NOT NULL,
  topic VARCHAR(128) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C" NOT NULL,
  variable_prefix VARCHAR(64) COLLATE "C",
  bound_at NUMERIC(29,9) NOT NULL,
  bound_by TEXT NOT NULL,
  CONSTRAINT pk_bindings PRIMARY KEY (tenant, consumer_id, topic),
  CONSTRAINT fk_bindings_credential FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
);
CREATE INDEX IF NOT EXISTS ix_bindings_credential ON bindings (tenant, credential_id);

-- No foreign key to credentials: the history stays after a credential is deleted.
CREATE TABLE IF NOT EXISTS audit_events (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  event_time NUMERIC(29,9) NOT NULL,
  principal TEXT NOT NULL,
  action VARCHAR(32) COLLATE "C" NOT NULL,
  credential_id VARCHAR(36) COLLATE "C",
  consumer_id VARCHAR(128) COLLATE "C",
  client_address TEXT,
  correlation_id TEXT,
  details TEXT NOT NULL,
  previous_hash VARCHAR(64) COLLATE "C" NOT NULL,
  hash VARCHAR(64) COLLATE "C" NOT NULL,
  CONSTRAINT pk_audit_events PRIMARY KEY (tenant, seq)
);
CREATE INDEX IF NOT EXISTS ix_audit_events_credential ON audit_events (tenant, credential_id);

-- One row per tenant, locked (SELECT ... FOR UPDATE) by every unit of work that appends, so
-- concurrent appends queue up instead of forking the chain.
CREATE TABLE IF NOT EXISTS audit_chain_heads (
  tenant VARCHAR(128) COLLATE "C" NOT NULL,
  last_seq BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_audit_chain_heads PRIMARY KEY (tenant)
);
