package dev.credentials.examples.console;

import dev.credentials.spring.CredentialsBuilderCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An administrator's console for the credentials engine: a JSON REST API under {@code /api} and a
 * single page at {@code /}. The engine comes from the credentials-spring-boot auto-configuration;
 * callers come from HTTP basic authentication with the users and per-tenant roles of {@code
 * console.users}.
 */
@SpringBootApplication
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleApplication {

  /** Created by Spring. */
  public ConsoleApplication() {}

  /**
   * Starts the console.
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(ConsoleApplication.class, args);
  }

  /**
   * Registers the example's own prototype, whose check is a real TCP connection.
   *
   * @return the customizer
   */
  @Bean
  CredentialsBuilderCustomizer tcpServicePrototype() {
    return b -> b.prototype(TcpService.prototype(), TcpService::probe, TcpService::probe);
  }
}
