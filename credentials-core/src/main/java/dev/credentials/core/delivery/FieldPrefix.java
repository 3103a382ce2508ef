package dev.credentials.core.delivery;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A prefix put before every field code a {@link TypedViews typed view} derives from a component
 * name: with {@code @FieldPrefix("DB_")}, component {@code host} reads field {@code DB_HOST}.
 * Components with an explicit {@link Field} are not prefixed.
 *
 * <pre>
 * &#64;FieldPrefix("DB_")
 * record PostgresConnection(String host, int port, String database, String user, Secret password) {}
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FieldPrefix {
  /**
   * The prefix.
   *
   * @return e.g. {@code DB_}
   */
  String value();
}
