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
