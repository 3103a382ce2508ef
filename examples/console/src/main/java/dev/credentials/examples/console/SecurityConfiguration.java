package dev.credentials.examples.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP basic authentication for {@code /api/**} (stateless: no session, so no CSRF token), the page
 * and its assets open. Authentication only says who the caller is; what the caller may do is
 * decided by the library's access policy on every call.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
    AuthenticationEntryPoint unauthenticated =
        (request, response, e) -> {
          // the page sends X-Requested-With so that the browser does not pop up its own dialog
          if (request.getHeader("X-Requested-With") == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"credentials console\"");
          }
          ProblemDetail p =
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.UNAUTHORIZED, "sign in with a console user (HTTP basic)");
          p.setTitle("Unauthorized");
          p.setInstance(Problems.instance());
          response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
          response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
          json.writeValue(response.getOutputStream(), p);
        };
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/", "/index.html", "/app.js", "/app.css", "/actuator/health")
                    .permitAll()
                    .requestMatchers("/api/**", "/actuator/metrics/**")
                    .authenticated()
                    .anyRequest()
                    .denyAll())
        .httpBasic(b -> b.authenticationEntryPoint(unauthenticated))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(c -> c.disable());
    return http.build();
  }

  @Bean
  UserDetailsService users(ConsoleProperties properties) {
    List<UserDetails> users = new ArrayList<>();
    for (ConsoleProperties.User u : properties.getUsers()) {
      users.add(User.withUsername(u.getName()).password(u.getPassword()).roles("CONSOLE").build());
    }
    return new InMemoryUserDetailsManager(users);
  }

  /** Roles per tenant by user name, from the configuration. */
  @Bean
  TenantRoles tenantRoles(ConsoleProperties properties) {
    Map<String, Map<String, String>> roles = new LinkedHashMap<>();
    for (ConsoleProperties.User u : properties.getUsers()) {
      roles.put(u.getName(), new LinkedHashMap<>(u.getTenants()));
    }
    return new TenantRoles(roles);
  }
}
