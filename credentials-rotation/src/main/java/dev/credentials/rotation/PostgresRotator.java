package dev.credentials.rotation;

import dev.credentials.Secret;
import dev.credentials.spi.Rotator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Rotates the password of a PostgreSQL role held in a credential of the built-in {@code postgresql}
 * prototype ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code
 * PGPASSWORD}, {@code PGSSLMODE}). The administrative credential is another such credential whose
 * role may alter the rotated one (a superuser, or a role with {@code CREATEROLE}).
 *
 * <p>The new password is 32 random letters and digits. It reaches the server as a SCRAM-SHA-256
 * verifier computed by the driver ({@code PGConnection.alterUserPassword}), never as clear text in
 * an {@code ALTER ROLE} statement that the server could log. Verification opens a connection with
 * the new password and runs {@code SELECT 1}.
 */
public final class PostgresRotator implements Rotator {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int LENGTH = 32;
  private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.:\\[\\]_-]{1,255}$");
  private static final Pattern DATABASE = Pattern.compile("^[A-Za-z0-9_.-]{1,63}$");

  private final Set<String> prototypes;
  private final int connectTimeoutSeconds;
  private final SecureRandom random = new SecureRandom();

  private PostgresRotator(Set<String> prototypes, int connectTimeoutSeconds) {
    this.prototypes = Set.copyOf(prototypes);
    this.connectTimeoutSeconds = connectTimeoutSeconds;
  }

  /**
   * A rotator for credentials of the {@code postgresql} prototype, connecting within 10 s.
   *
   * @return the rotator
   */
  public static PostgresRotator create() {
    return new PostgresRotator(Set.of("postgresql"), 10);
  }

  /**
   * A rotator for credentials of other prototypes with the same fields.
   *
   * @param prototypeCodes the prototype codes
   * @param connectTimeoutSeconds the connect timeout, 1 to 300
   * @return the rotator
   */
  public static PostgresRotator forPrototypes(
      Set<String> prototypeCodes, int connectTimeoutSeconds) {
    Objects.requireNonNull(prototypeCodes, "prototypeCodes");
    if (prototypeCodes.isEmpty()) {
      throw new IllegalArgumentException("prototypeCodes must name at least one prototype");
    }
    if (connectTimeoutSeconds < 1 || connectTimeoutSeconds > 300) {
      throw new IllegalArgumentException(
          "connectTimeoutSeconds must be 1 to 300, got " + connectTimeoutSeconds);
    }
    return new PostgresRotator(prototypeCodes, connectTimeoutSeconds);
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean rotates(String prototypeCode) {
    return prototypes.contains(prototypeCode);
  }

  @Override
  public Map<String, Secret> next(Map<String, Secret> current) {
    char[] password = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return Map.of("PGPASSWORD", Secret.of(new String(password)));
  }

  @Override
  public void apply(
      Map<String, Secret> admin, Map<String, Secret> current, Map<String, Secret> next) {
    String role = required(current, "PGUSER").reveal();
    if (!role.equals(required(next, "PGUSER").reveal())) {
      throw new IllegalArgumentException("a rotation changes the password, never the role");
    }
    setPassword(admin, role, required(next, "PGPASSWORD"), "set the new password");
  }

  @Override
  public void verify(Map<String, Secret> values) {
    try (Connection c = connect(values);
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the role could not connect with the new password (SQL state " + e.getSQLState() + ")");
    }
  }

  @Override
  public void revert(Map<String, Secret> admin, Map<String, Secret> current) {
    setPassword(
        admin,
        required(current, "PGUSER").reveal(),
        required(current, "PGPASSWORD"),
        "restore the old password");
  }

  private void setPassword(Map<String, Secret> admin, String role, Secret password, String what) {
    char[] chars = password.reveal().toCharArray();
    try (Connection c = connect(admin)) {
      c.unwrap(PGConnection.class).alterUserPassword(role, chars, "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the administrative credential could not "
              + what
              + " of role "
              + role
              + " (SQL state "
              + e.getSQLState()
              + ")");
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }

  private Connection connect(Map<String, Secret> values) throws SQLException {
    String host = required(values, "PGHOST").reveal();
    String port = values.containsKey("PGPORT") ? values.get("PGPORT").reveal() : "5432";
    String database = required(values, "PGDATABASE").reveal();
    if (!HOST.matcher(host).matches()
        || !DATABASE.matcher(database).matches()
        || !port.matches("^[0-9]{1,5}$")) {
      throw new IllegalArgumentException(
          "PGHOST, PGPORT or PGDATABASE is not a plain host name, port number or database name");
    }
    Properties p = new Properties();
    p.setProperty("user", required(values, "PGUSER").reveal());
    p.setProperty("password", required(values, "PGPASSWORD").reveal());
    p.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    p.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
    if (values.containsKey("PGSSLMODE")) {
      p.setProperty("sslmode", values.get("PGSSLMODE").reveal());
    }
    return DriverManager.getConnection(
        "jdbc:postgresql://" + host + ":" + port + "/" + database, p);
  }

  private static Secret required(Map<String, Secret> values, String field) {
    Secret s = values.get(field);
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("the credential has no " + field + "; set it first");
    }
    return s;
  }
}
