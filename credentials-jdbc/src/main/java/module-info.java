/**
 * The repository SPI on JDBC: {@code dev.credentials.jdbc.JdbcCredentialRepository} for H2,
 * PostgreSQL and MariaDB/MySQL. JDBC drivers are found by {@link java.sql.DriverManager}; put the
 * driver of your database (and {@code com.h2database:h2} for the embedded default) on the module
 * path or the class path beside this module.
 */
module dev.credentials.jdbc {
  requires transitive dev.credentials.api;
  requires transitive java.sql; // the builder takes a javax.sql.DataSource
  requires com.zaxxer.hikari;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static org.postgresql.jdbc; // LISTEN for the change feed, on PostgreSQL only

  exports dev.credentials.jdbc;
}
