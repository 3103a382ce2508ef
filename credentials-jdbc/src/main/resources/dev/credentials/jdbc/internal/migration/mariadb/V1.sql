-- Credentials schema version 1 (MariaDB/MySQL): prototypes, credentials, consumers, bindings, audit.
-- MariaDB and MySQL commit DDL implicitly, so every statement is idempotent (IF NOT EXISTS, indexes
-- inside CREATE TABLE): a migration that stopped half way is simply run again.
-- ${collation} is a binary, no-pad collation: equality and order as in Java, trailing spaces count.
-- Instants are DECIMAL(29,9) epoch seconds: exact to the nanosecond, ordered, any year.

CREATE TABLE IF NOT EXISTS prototype_documents (
  code VARCHAR(255) NOT NULL,
  document LONGTEXT NOT NULL,
  CONSTRAINT pk_prototype_documents PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS credentials (
  tenant VARCHAR(128) NOT NULL,
  id VARCHAR(36) NOT NULL,
  prototype VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  name_folded VARCHAR(1024) NOT NULL,
  environment VARCHAR(128) NOT NULL,
  description MEDIUMTEXT NOT NULL,
  tags MEDIUMTEXT NOT NULL,
  active BOOLEAN NOT NULL,
  expires_at DECIMAL(29,9),
  version BIGINT NOT NULL,
  created_at DECIMAL(29,9) NOT NULL,
  updated_at DECIMAL(29,9) NOT NULL,
  key_id VARCHAR(255) NOT NULL,
  sealed_value LONGBLOB NOT NULL,
  last_test_state VARCHAR(32),
  last_test_message MEDIUMTEXT,
  last_test_at DECIMAL(29,9),
  last_test_ttl BIGINT,
  last_test_details MEDIUMTEXT,
  CONSTRAINT pk_credentials PRIMARY KEY (tenant, id),
  CONSTRAINT uq_credentials_name UNIQUE (tenant, name, environment),
  INDEX ix_credentials_prototype (tenant, prototype),
  INDEX ix_credentials_expiry (tenant, expires_at),
  INDEX ix_credentials_key (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS credential_tags (
  tenant VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  tag VARCHAR(255) NOT NULL,
  CONSTRAINT pk_credential_tags PRIMARY KEY (tenant, credential_id, tag),
  INDEX ix_credential_tags_tag (tenant, tag),
  CONSTRAINT fk_credential_tags FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS consumers (
  tenant VARCHAR(128) NOT NULL,
  id VARCHAR(128) NOT NULL,
  CONSTRAINT pk_consumers PRIMARY KEY (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS consumer_requirements (
  tenant VARCHAR(128) NOT NULL,
  consumer_id VARCHAR(128) NOT NULL,
  ordinal INT NOT NULL,
  topic VARCHAR(128) NOT NULL,
  description MEDIUMTEXT NOT NULL,
  CONSTRAINT pk_consumer_requirements PRIMARY KEY (tenant, consumer_id, ordinal),
  CONSTRAINT fk_consumer_requirements FOREIGN KEY (tenant, consumer_id) REFERENCES consumers (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS bindings (
  tenant VARCHAR(128) NOT NULL,
  consumer_id VARCHAR(128) NOT NULL,
  topic VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  variable_prefix VARCHAR(64),
  bound_at DECIMAL(29,9) NOT NULL,
  bound_by MEDIUMTEXT NOT NULL,
  CONSTRAINT pk_bindings PRIMARY KEY (tenant, consumer_id, topic),
  INDEX ix_bindings_credential (tenant, credential_id),
  CONSTRAINT fk_bindings_credential FOREIGN KEY (tenant, credential_id) REFERENCES credentials (tenant, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

-- No foreign key to credentials: the history stays after a credential is deleted.
CREATE TABLE IF NOT EXISTS audit_events (
  tenant VARCHAR(128) NOT NULL,
  seq BIGINT NOT NULL,
  event_time DECIMAL(29,9) NOT NULL,
  principal MEDIUMTEXT NOT NULL,
  action VARCHAR(32) NOT NULL,
  credential_id VARCHAR(36),
  consumer_id VARCHAR(128),
  client_address MEDIUMTEXT,
  correlation_id MEDIUMTEXT,
  details MEDIUMTEXT NOT NULL,
  previous_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT pk_audit_events PRIMARY KEY (tenant, seq),
  INDEX ix_audit_events_credential (tenant, credential_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

-- One row per tenant, locked (SELECT ... FOR UPDATE) by every unit of work that appends, so
-- concurrent appends queue up instead of forking the chain.
CREATE TABLE IF NOT EXISTS audit_chain_heads (
  tenant VARCHAR(128) NOT NULL,
  last_seq BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_audit_chain_heads PRIMARY KEY (tenant)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
