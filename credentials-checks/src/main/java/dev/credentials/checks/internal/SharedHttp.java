package dev.credentials.checks.internal;

import java.net.http.HttpClient;
import java.time.Duration;

/** One JDK HTTP client for the http and oauth2 kinds; each request carries its own timeout. */
final class SharedHttp {

  private SharedHttp() {}

  private static final class Holder {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  static HttpClient client() {
    return Holder.CLIENT;
  }
}
