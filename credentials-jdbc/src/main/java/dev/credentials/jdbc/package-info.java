/**
 * The credential repository on JDBC: {@link dev.credentials.jdbc.JdbcCredentialRepository}, for H2
 * (embedded default), PostgreSQL and MariaDB/MySQL, with its own small schema migrator, HikariCP
 * pooling, row-locked audit chains and bounded retries of units of work that lost a conflict.
 *
 * <p>Everything in {@code dev.credentials.jdbc.internal} is implementation and may change without
 * notice.
 */
package dev.credentials.jdbc;
