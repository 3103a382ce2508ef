-- Credentials schema version 2 (MariaDB/MySQL): the check log, live-check and connection-test
-- results. No foreign key: results are removed with their credential by the repository.

CREATE TABLE IF NOT EXISTS check_results (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  tenant VARCHAR(128) NOT NULL,
  credential_id VARCHAR(36) NOT NULL,
  state VARCHAR(32) NOT NULL,
  message MEDIUMTEXT NOT NULL,
  checked_at DECIMAL(29,9) NOT NULL,
  ttl_seconds BIGINT NOT NULL,
  details MEDIUMTEXT NOT NULL,
  CONSTRAINT pk_check_results PRIMARY KEY (seq),
  INDEX ix_check_results_credential (tenant, credential_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
