-- Credentials schema version 3 (H2): sealed values in the row.
-- H2 keeps a BLOB longer than 256 bytes out of the row, in its LOB storage, and reading it back
-- cost three times a read of the same bytes in the row at 289 bytes, eleven times at 4 KB; most
-- sealed credentials are longer than 256 bytes. BINARY VARYING (up to 1,000,000,000 bytes) keeps them in the row. H2 converts every
-- stored value; running this again changes nothing.

ALTER TABLE credentials ALTER COLUMN sealed_value SET DATA TYPE BINARY VARYING;
