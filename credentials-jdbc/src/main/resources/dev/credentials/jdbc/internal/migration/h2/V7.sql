-- Credentials schema version 7 (H2): launch state shared by every engine on the database.
-- leases: named leases with an expiry (one live check per credential in flight across engines).
-- launch_deferrals: consecutive deferrals per consumer, so backoff and limits hold across engines.
-- Instants are the engines' clock, in epoch seconds with nine decimals, as everywhere.

CREATE TABLE IF NOT EXISTS leases (
  tenant VARCHAR(128) NOT NULL,
  lease_key VARCHAR(200) NOT NULL,
  owner_id VARCHAR(100) NOT NULL,
  expires_at NUMERIC(29,9) NOT NULL,
  CONSTRAINT pk_leases PRIMARY KEY (tenant, lease_key)
);

CREATE TABLE IF NOT EXISTS launch_deferrals (
  tenant VARCHAR(128) NOT NULL,
  consumer_id VARCHAR(128) NOT NULL,
  deferral_count INT NOT NULL,
  first_at NUMERIC(29,9) NOT NULL,
  CONSTRAINT pk_launch_deferrals PRIMARY KEY (tenant, consumer_id)
);
