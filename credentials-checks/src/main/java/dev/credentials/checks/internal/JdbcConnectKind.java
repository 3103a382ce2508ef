package dev.credentials.checks.internal;

import dev.credentials.CheckResult;
import dev.credentials.CredentialState;
import dev.credentials.Secret;
import dev.credentials.spi.CheckKind;
import dev.credentials.spi.CheckParameter;
import dev.credentials.spi.CheckParameter.Escaping;
import dev.credentials.spi.ProbeRequest;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code jdbc}: finds the driver for the URL through {@link DriverManager}, connects with a login
 * timeout and asks {@link Connection#isValid}. SQLState class 28 (invalid authorisation) and an
 * unknown database are MISCONFIGURED; too many connections is DEGRADED; class 08 and timeouts are
 * UNAVAILABLE. No driver for the URL answers UNKNOWN naming the driver's artifact.
 */
public final class JdbcConnectKind implements CheckKind {

  private static final Map<String, CheckParameter> PARAMETERS =
      Map.of(
          "url", CheckParameter.required(Escaping.URL, "the JDBC URL, without user or password"),
          "user", CheckParameter.optional(Escaping.VERBATIM, "the user"),
          "password", CheckParameter.optional(Escaping.VERBATIM, "the password"));

  /** Drivers by sub-protocol: the artifact to add when none is on the class path. */
  private static final Map<String, String> ARTIFACTS =
      Map.of(
          "postgresql", "org.postgresql:postgresql",
          "mariadb", "org.mariadb.jdbc:mariadb-java-client",
          "mysql", "com.mysql:mysql-connector-j (or org.mariadb.jdbc:mariadb-java-client)",
          "sqlserver", "com.microsoft.sqlserver:mssql-jdbc",
          "oracle", "com.oracle.database.jdbc:ojdbc11",
          "h2", "com.h2database:h2",
          "sqlite", "org.xerial:sqlite-jdbc");

  /** For {@link java.util.ServiceLoader}. */
  public JdbcConnectKind() {}

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public int priority() {
    return -100;
  }

  @Override
  public Map<String, CheckParameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public CheckResult probe(ProbeRequest r) {
    String url;
    try {
      url = Probes.required(r, "url");
      if (!url.startsWith("jdbc:") || url.indexOf(':', 5) < 0) {
        throw new Probes.BadParameter("parameter 'url' must be a JDBC URL (jdbc:<driver>:...)");
      }
    } catch (Probes.BadParameter e) {
      return Probes.badParameter(r, "jdbc", e);
    }
    String sub = url.substring(5, url.indexOf(':', 5));
    Driver driver;
    try {
      driver = DriverManager.getDriver(url);
    } catch (SQLException e) {
      String artifact = ARTIFACTS.getOrDefault(sub, "the JDBC driver for '" + sub + "'");
      return r.result(
          CredentialState.UNKNOWN,
          "the jdbc check found no driver for jdbc:"
              + sub
              + " URLs; add the dependency "
              + artifact,
          Map.of("missing-artifact", artifact));
    }
    int seconds = (int) Math.max(1, (r.timeout().toMillis() + 999) / 1000);
    Properties props = new Properties();
    r.parameter("user").map(Secret::reveal).ifPresent(u -> props.setProperty("user", u));
    r.parameter("password").map(Secret::reveal).ifPresent(p -> props.setProperty("password", p));
    timeouts(sub, props, seconds, r.timeout().toMillis());
    String target = "jdbc:" + sub + " " + hostPart(url);
    long start = System.nanoTime();
    try (Connection c = driver.connect(url, props)) {
      if (c == null) {
        return r.result(CredentialState.UNKNOWN, "jdbc check: the driver refused the URL");
      }
      if (!c.isValid(seconds)) {
        return r.result(
            CredentialState.UNAVAILABLE,
            target + ": connected, but the connection is not valid",
            Probes.latency(start));
      }
      Map<String, String> details = new LinkedHashMap<>(Probes.latency(start));
      details.put("product", c.getMetaData().getDatabaseProductName());
      details.put("version", c.getMetaData().getDatabaseProductVersion());
      return r.result(CredentialState.AVAILABLE, target + ": connected and valid", details);
    } catch (SQLException e) {
      return failure(r, target, e, start);
    } finally {
      props.clear();
    }
  }

  private static CheckResult failure(ProbeRequest r, String target, SQLException e, long start) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int vendor = e.getErrorCode();
    Map<String, String> details = new LinkedHashMap<>(Probes.latency(start));
    details.put("sql-state", state);
    details.put("vendor-code", Integer.toString(vendor));
    String driverSays = e.getMessage() == null ? "" : " (" + firstLine(e.getMessage()) + ")";
    if (state.startsWith("28") || state.equals("3D000") || vendor == 1045 || vendor == 1049) {
      return r.result(
          CredentialState.MISCONFIGURED,
          target
              + ": the database refused the login (SQLState "
              + state
              + ")"
              + driverSays
              + "; check the user, password and database",
          details);
    }
    if (state.equals("53300") || vendor == 1040 || vendor == 1203) {
      return r.result(
          CredentialState.DEGRADED,
          target + ": the database has too many connections (SQLState " + state + "); retry later",
          details);
    }
    if (state.equals("57P03")) {
      return r.result(
          CredentialState.DEGRADED,
          target + ": the database is starting up or shutting down; retry later",
          details);
    }
    Throwable net = Probes.network(e);
    String why =
        net != null ? Probes.describe(net) : "the connection failed (SQLState " + state + ")";
    return r.result(CredentialState.UNAVAILABLE, target + ": " + why + driverSays, details);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /** Driver-specific login and socket timeouts, so one probe never waits past its budget. */
  private static void timeouts(String sub, Properties p, int seconds, long millis) {
    String ms = Long.toString(Math.max(1, millis));
    String s = Integer.toString(seconds);
    switch (sub) {
      case "postgresql" -> {
        p.setProperty("connectTimeout", s);
        p.setProperty("loginTimeout", s);
        p.setProperty("socketTimeout", s);
      }
      case "mariadb", "mysql" -> {
        p.setProperty("connectTimeout", ms);
        p.setProperty("socketTimeout", ms);
      }
      case "sqlserver" -> p.setProperty("loginTimeout", s);
      default -> {}
    }
  }

  /** The URL up to the first '?' or ';' of its parameters: host, port and database only. */
  private static String hostPart(String url) {
    String rest = url.substring(url.indexOf(':', 5) + 1);
    int cut = rest.length();
    for (char c : new char[] {'?', ';', '@'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    String shown = rest.substring(0, cut);
    return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
  }
}
