package dev.credentials.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.credentials.jdbc.Dialect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("JDBC URL masking and dialect detection")
class JdbcUrlsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/app?user=u&password=s3cr3t&ssl=true"
            + "|jdbc:postgresql://db:5432/app?user=u&password=****&ssl=true",
        "jdbc:postgresql://db/app?password=s3cr3t|jdbc:postgresql://db/app?password=****",
        "jdbc:mariadb://u:s3cr3t@db:3306/app|jdbc:mariadb://u:****@db:3306/app",
        "jdbc:mysql://u:s3cr3t@db1,db2/app?useSSL=true|jdbc:mysql://u:****@db1,db2/app?useSSL=true",
        "jdbc:h2:file:/data/c;USER=sa;PASSWORD=s3cr3t;LOCK_TIMEOUT=1"
            + "|jdbc:h2:file:/data/c;USER=sa;PASSWORD=****;LOCK_TIMEOUT=1",
        "jdbc:postgresql://db/app?sslpassword=s3cr3t&sslmode=verify-full"
            + "|jdbc:postgresql://db/app?sslpassword=****&sslmode=verify-full",
        "jdbc:mariadb://db/app?user=u&trustStorePassword=s3cr3t&pwd=s3cr3t"
            + "|jdbc:mariadb://db/app?user=u&trustStorePassword=****&pwd=****",
        "jdbc:postgresql://db:5432/app?user=postgres|jdbc:postgresql://db:5432/app?user=postgres",
        "jdbc:mariadb://db:3306/app?user=a@b|jdbc:mariadb://db:3306/app?user=a@b",
      })
  void masksUrls(String url, String masked) {
    assertThat(JdbcUrls.mask(url)).isEqualTo(masked).doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("passwords inside longer messages are masked too")
  void masksMessages() {
    String message =
        "Failed to get driver instance for jdbcUrl=jdbc:postgresql://u:s3cr3t@h/db?password=s3cr3t,"
            + " password = other";
    assertThat(JdbcUrls.mask(message))
        .doesNotContain("s3cr3t")
        .doesNotContain("other")
        .contains("jdbc:postgresql://u:****@h/db?password=****");
  }

  @Test
  @DisplayName("null and empty text pass through")
  void nullAndEmpty() {
    assertThat(JdbcUrls.mask(null)).isNull();
    assertThat(JdbcUrls.mask("")).isEmpty();
  }

  @Test
  @DisplayName("the dialect is read from the URL or the product name")
  void dialects() {
    assertThat(JdbcUrls.dialectOf("jdbc:h2:mem:x")).contains(Dialect.H2);
    assertThat(JdbcUrls.dialectOf("JDBC:PostgreSQL://h/db")).contains(Dialect.POSTGRESQL);
    assertThat(JdbcUrls.dialectOf("jdbc:mariadb://h/db")).contains(Dialect.MARIADB);
    assertThat(JdbcUrls.dialectOf("jdbc:mysql://h/db")).contains(Dialect.MARIADB);
    assertThat(JdbcUrls.dialectOf("jdbc:oracle:thin:@h")).isEmpty();
    assertThat(JdbcUrls.dialectOfProduct("PostgreSQL")).contains(Dialect.POSTGRESQL);
    assertThat(JdbcUrls.dialectOfProduct("MariaDB")).contains(Dialect.MARIADB);
    assertThat(JdbcUrls.dialectOfProduct("MySQL")).contains(Dialect.MARIADB);
    assertThat(JdbcUrls.dialectOfProduct("H2")).contains(Dialect.H2);
    assertThat(JdbcUrls.dialectOfProduct("Oracle")).isEmpty();
  }
}
