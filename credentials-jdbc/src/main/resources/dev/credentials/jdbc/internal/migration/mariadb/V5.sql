-- Credentials schema version 5 (MariaDB/MySQL): the change feed's sequence.
-- Every unit of work that changes what an engine serves numbers its announcements from the
-- one-row counter (taking its row lock just before commit, so the numbers are contiguous and in
-- commit order) and inserts them here. Every engine polls the rows after the last it saw.

CREATE TABLE IF NOT EXISTS credentials_change_seq (
  id INT NOT NULL,
  seq BIGINT NOT NULL,
  CONSTRAINT pk_credentials_change_seq PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

INSERT IGNORE INTO credentials_change_seq (id, seq) VALUES (1, 0);

CREATE TABLE IF NOT EXISTS credentials_change (
  seq BIGINT NOT NULL,
  tenant_id VARCHAR(128),
  kind VARCHAR(32) NOT NULL,
  subject VARCHAR(256),
  CONSTRAINT pk_credentials_change PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
