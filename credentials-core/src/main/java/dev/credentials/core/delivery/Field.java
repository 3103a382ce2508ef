package dev.credentials.core.delivery;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field code a record component or interface getter of a {@link TypedViews typed view} reads,
 * when it is not the component name in upper snake case. The code is used as is: a {@link
 * FieldPrefix} does not apply to it.
 *
 * <pre>{@code
 * record Smtp(@Field("SMTP_HOSTNAME") String host, int port) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Field {
  /**
   * The field code.
   *
   * @return e.g. {@code DB_HOST}
   */
  String value();
}
