package dev.credentials.jdbc.internal;

import dev.credentials.jdbc.Dialect;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URL helpers: masking of passwords for logs and messages, and dialect detection.
 *
 * <p>Masking covers {@code user:password@host} user info and every {@code key=value} parameter
 * whose key names a password, secret or token ({@code password}, {@code sslpassword}, {@code
 * trustStorePassword}, {@code PWD}, ...), separated by {@code ?}, {@code &} or {@code ;}. It works
 * on a bare URL as well as on any text that contains one, such as a driver's error message.
 */
public final class JdbcUrls {

  /** What a masked value becomes. */
  public static final String MASK = "****";

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)(?<=^|[?&;,\\s(\"'])([\\w.-]*(?:password|passwd|pwd|secret|token)[\\w.-]*)"
              + "(\\s*=\\s*)([^&;,\\s)\"']*)");

  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?;&\\s]*):([^/@?;&\\s]*)@");

  private JdbcUrls() {}

  /**
   * Masks every password in a text that may contain JDBC URLs.
   *
   * @param text a URL, a message, or null
   * @return the text with each password replaced by {@value #MASK}; null stays null
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = SECRET_PARAMETER.matcher(text);
    String out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + MASK));
    return USER_INFO
        .matcher(out)
        .replaceAll(r -> Matcher.quoteReplacement(r.group(1) + ":" + MASK + "@"));
  }

  /**
   * A URL with its {@code password} parameter taken out, and that password.
   *
   * @param url the URL without the password
   * @param password the password it carried, decoded as the driver would decode it
   */
  public record WithoutPassword(String url, Optional<String> password) {
    @Override
    public String toString() {
      return mask(url) + (password.isPresent() ? " (password taken out)" : "");
    }
  }

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&])password=([^&]*)");

  /**
   * Takes the {@code password} query parameter out of a PostgreSQL URL, so that the password
   * reaches the driver as a connection property and never appears in the URL the driver logs at
   * debug level. Other URLs are returned as they are (their drivers read passwords differently).
   *
   * @param url the JDBC URL
   * @return the URL without the password, and the password (URL-decoded, as the PostgreSQL driver
   *     decodes it)
   */
  public static WithoutPassword withoutPassword(String url) {
    if (dialectOf(url).orElse(null) != Dialect.POSTGRESQL) {
      return new WithoutPassword(url, Optional.empty());
    }
    Matcher m = PASSWORD_PARAMETER.matcher(url);
    if (!m.find()) {
      return new WithoutPassword(url, Optional.empty());
    }
    String encoded = m.group(2);
    String password;
    try {
      password = java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      password = encoded;
    }
    String before = url.substring(0, m.start());
    String after = url.substring(m.end());
    String rest;
    if (m.group(1).equals("?")) {
      rest = after.startsWith("&") ? "?" + after.substring(1) : after;
    } else {
      rest = after;
    }
    String stripped = before + rest;
    // several password parameters: the driver takes the last; so do we, and none stays in the URL
    WithoutPassword more = withoutPassword(stripped);
    return new WithoutPassword(more.url(), Optional.of(more.password().orElse(password)));
  }

  /**
   * The dialect a JDBC URL names.
   *
   * @param url the URL
   * @return the dialect, or empty for an unknown driver
   */
  public static Optional<Dialect> dialectOf(String url) {
    String u = url.trim().toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:h2:")) {
      return Optional.of(Dialect.H2);
    }
    if (u.startsWith("jdbc:postgresql:")) {
      return Optional.of(Dialect.POSTGRESQL);
    }
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) {
      return Optional.of(Dialect.MARIADB);
    }
    return Optional.empty();
  }

  /**
   * The dialect a database product name (from {@link java.sql.DatabaseMetaData}) stands for.
   *
   * @param productName the product name
   * @return the dialect, or empty
   */
  public static Optional<Dialect> dialectOfProduct(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.contains("h2")) {
      return Optional.of(Dialect.H2);
    }
    if (p.contains("postgres")) {
      return Optional.of(Dialect.POSTGRESQL);
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return Optional.of(Dialect.MARIADB);
    }
    return Optional.empty();
  }
}
