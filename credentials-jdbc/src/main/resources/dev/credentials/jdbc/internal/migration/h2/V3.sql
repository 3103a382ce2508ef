-- Credentials schema version 3 (H2): sealed values in the row.
-- H2 keeps a BLOB longer than 256 bytes out of the row, in its LOB storage, and reading it back
-- costs two to ten times a read of the same bytes in the row; most sealed credentials are longer
-- than that. BINARY VARYING (up to 1,000,000,000 bytes) keeps them in the row. H2 converts every
-- stored value; running this again changes nothing.

ALTER TABLE credentials ALTER COLUMN sealed_value SET DATA TYPE BINARY VARYING;
