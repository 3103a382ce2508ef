-- Credentials schema version 7 (MariaDB/MySQL): launch state shared by every engine on the
-- database. leases: named leases with an expiry (one live check per credential in flight across
-- engines). launch_deferrals: consecutive deferrals per consumer, so backoff and limits hold
-- across engines. Instants are the engines' clock, in epoch seconds with nine decimals.

CREATE TABLE IF NOT EXISTS leases (
  tenant VARCHAR(128) NOT NULL,
  lease_key VARCHAR(200) NOT NULL,
  owner_id VARCHAR(100) NOT NULL,
  expires_at DECIMAL(29,9) NOT NULL,
  CONSTRAINT pk_leases PRIMARY KEY (tenant, lease_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};

CREATE TABLE IF NOT EXISTS launch_deferrals (
  tenant VARCHAR(128) NOT NULL,
  consumer_id VARCHAR(128) NOT NULL,
  deferral_count INT NOT NULL,
  first_at DECIMAL(29,9) NOT NULL,
  CONSTRAINT pk_launch_deferrals PRIMARY KEY (tenant, consumer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${collation};
