package dev.credentials.jdbc;

/**
 * The SQL dialects the JDBC repository speaks. Usually detected from the JDBC URL or the driver's
 * {@link java.sql.DatabaseMetaData}; set it with {@link JdbcCredentialRepository.Builder#dialect}
 * when detection cannot work (a wrapping driver or proxy).
 */
public enum Dialect {
  /** H2 2.x, embedded (file or in-memory); the default for development and tests. */
  H2,
  /** PostgreSQL 12 or newer. */
  POSTGRESQL,
  /** MariaDB 10.5 or newer; MySQL 8 is served by the same dialect. */
  MARIADB
}
