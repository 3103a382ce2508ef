package dev.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.FieldType;
import dev.credentials.prototype.Prototype;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every public method of the value builders answers {@code null} with a NullPointerException that
 * names the argument, never a bare one (or a later failure far from the call).
 */
@DisplayName("Preconditions of the value builders")
class PreconditionsTest {

  @Test
  @DisplayName("a null argument to any builder or with-method names the argument")
  void nullArgumentsAreNamed() throws Exception {
    List<Supplier<Object>> targets =
        List.of(
            () -> NewCredential.builder("p", "n"),
            () -> CredentialUpdate.builder(1),
            CredentialQuery::all,
            () -> Prototype.builder("code"),
            () -> FieldDefinition.builder("CODE", FieldType.STRING));
    int checked = 0;
    List<String> bare = new ArrayList<>();
    for (Supplier<Object> target : targets) {
      Class<?> type = target.get().getClass();
      for (Method m : type.getMethods()) {
        if (Modifier.isStatic(m.getModifiers())
            || m.getDeclaringClass() != type
            || m.getParameterCount() == 0
            || m.getName().equals("equals")) {
          continue;
        }
        Parameter[] params = m.getParameters();
        for (int i = 0; i < params.length; i++) {
          if (params[i].getType().isPrimitive()) {
            continue;
          }
          Object[] args = new Object[params.length];
          for (int k = 0; k < params.length; k++) {
            args[k] = k == i ? null : sample(params[k].getType());
          }
          Object receiver = target.get();
          Throwable t =
              catchThrowable(
                  () -> {
                    try {
                      m.invoke(receiver, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
          checked++;
          if (!(t instanceof NullPointerException) || t.getMessage() == null) {
            bare.add(type.getSimpleName() + "." + m.getName() + " argument " + i + ": " + t);
          }
        }
      }
    }
    assertThat(bare).isEmpty();
    assertThat(checked).isGreaterThan(25);
  }

  @Test
  @DisplayName("NewCredential.Builder.secret(field, null) says which argument was null")
  void secretNull() {
    assertThat(catchThrowable(() -> NewCredential.builder("p", "n").secret("X", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThat(catchThrowable(() -> NewCredential.builder("p", "n").value(null, "x")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("field");
  }

  private static Object sample(Class<?> type) {
    if (type == String.class) {
      return "X";
    }
    if (type == Secret.class) {
      return Secret.of("x");
    }
    if (type == Instant.class) {
      return Instant.EPOCH;
    }
    if (type == UUID.class) {
      return new UUID(1, 2);
    }
    if (type == BigDecimal.class) {
      return BigDecimal.ONE;
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == Set.class) {
      return Set.of();
    }
    if (type == Map.class) {
      return Map.of();
    }
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == Boolean.class) {
      return Boolean.TRUE;
    }
    if (type == dev.credentials.prototype.FieldCondition.class) {
      return dev.credentials.prototype.FieldCondition.whenPresent("OTHER");
    }
    if (type == FieldDefinition.class) {
      return FieldDefinition.builder("F", FieldType.STRING).build();
    }
    throw new IllegalStateException("no sample for " + type);
  }
}
