package dev.credentials.prototype;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One typed input of a prototype. Its code is also the environment variable a job receives.
 *
 * @param code an environment-variable name, {@code ^[A-Z][A-Z0-9_]*$}
 * @param name the label a form shows
 * @param description what the field is for
 * @param hint a short example or help text for the input
 * @param type the type
 * @param required whether a value must be present and non-empty (when the field is shown)
 * @param secret whether the value is a secret (always true for {@link FieldType#PASSWORD})
 * @param defaultValue applied when no value is given
 * @param options the options of a select field, empty otherwise
 * @param pattern a regular expression the whole value must match
 * @param minLength the minimum length in characters
 * @param maxLength the maximum length in characters
 * @param minimum the inclusive minimum of an integer or number
 * @param maximum the inclusive maximum of an integer or number
 * @param condition when present, the field is shown only when it holds
 */
public record FieldDefinition(
    String code,
    String name,
    String description,
    String hint,
    FieldType type,
    boolean required,
    boolean secret,
    Optional<String> defaultValue,
    List<SelectOption> options,
    Optional<String> pattern,
    Optional<Integer> minLength,
    Optional<Integer> maxLength,
    Optional<BigDecimal> minimum,
    Optional<BigDecimal> maximum,
    Optional<FieldCondition> condition) {

  /** The pattern every field code must match. */
  public static final Pattern CODE = Pattern.compile("^[A-Z][A-Z0-9_]*$");

  /** Validates, copies, and makes password fields secret. */
  public FieldDefinition {
    Objects.requireNonNull(code, "code");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "field code must be an environment-variable name like API_TOKEN (^[A-Z][A-Z0-9_]*$), got '"
              + code
              + "'");
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(type, "type");
    secret = secret || type == FieldType.PASSWORD;
    Objects.requireNonNull(defaultValue, "defaultValue");
    options = List.copyOf(Objects.requireNonNull(options, "options"));
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(minLength, "minLength");
    Objects.requireNonNull(maxLength, "maxLength");
    Objects.requireNonNull(minimum, "minimum");
    Objects.requireNonNull(maximum, "maximum");
    Objects.requireNonNull(condition, "condition");
    if (type == FieldType.SELECT && options.isEmpty()) {
      throw new IllegalArgumentException("select field " + code + " needs at least one option");
    }
  }

  /**
   * Shows every property but the default value of a secret field, which is masked.
   *
   * @return a description of the field
   */
  @Override
  public String toString() {
    return "FieldDefinition[code="
        + code
        + ", name="
        + name
        + ", description="
        + description
        + ", hint="
        + hint
        + ", type="
        + type
        + ", required="
        + required
        + ", secret="
        + secret
        + ", defaultValue="
        + (secret ? defaultValue.map(v -> "******") : defaultValue)
        + ", options="
        + options
        + ", pattern="
        + pattern
        + ", minLength="
        + minLength
        + ", maxLength="
        + maxLength
        + ", minimum="
        + minimum
        + ", maximum="
        + maximum
        + ", condition="
        + condition
        + "]";
  }

  /**
   * A builder for a field.
   *
   * @param code the field code
   * @param type the type
   * @return a builder
   */
  public static Builder builder(String code, FieldType type) {
    return new Builder(code, type);
  }

  /** Builds a {@link FieldDefinition}; every property but code and type is optional. */
  public static final class Builder {
    private final String code;
    private final FieldType type;
    private String name;
    private String description = "";
    private String hint = "";
    private boolean required;
    private boolean secret;
    private Optional<String> defaultValue = Optional.empty();
    private List<SelectOption> options = List.of();
    private Optional<String> pattern = Optional.empty();
    private Optional<Integer> minLength = Optional.empty();
    private Optional<Integer> maxLength = Optional.empty();
    private Optional<BigDecimal> minimum = Optional.empty();
    private Optional<BigDecimal> maximum = Optional.empty();
    private Optional<FieldCondition> condition = Optional.empty();

    private Builder(String code, FieldType type) {
      this.code = Objects.requireNonNull(code, "code");
      this.type = Objects.requireNonNull(type, "type");
      this.name = code;
    }

    /**
     * @param v the label
     * @return this
     */
    public Builder name(String v) {
      name = Objects.requireNonNull(v, "name");
      return this;
    }

    /**
     * @param v the description
     * @return this
     */
    public Builder description(String v) {
      description = Objects.requireNonNull(v, "description");
      return this;
    }

    /**
     * @param v the hint
     * @return this
     */
    public Builder hint(String v) {
      hint = Objects.requireNonNull(v, "hint");
      return this;
    }

    /**
     * @param v whether required
     * @return this
     */
    public Builder required(boolean v) {
      required = v;
      return this;
    }

    /**
     * @param v whether secret
     * @return this
     */
    public Builder secret(boolean v) {
      secret = v;
      return this;
    }

    /**
     * @param v the default value
     * @return this
     */
    public Builder defaultValue(String v) {
      defaultValue = Optional.of(Objects.requireNonNull(v, "defaultValue"));
      return this;
    }

    /**
     * @param v the options of a select field
     * @return this
     */
    public Builder options(List<SelectOption> v) {
      options = List.copyOf(Objects.requireNonNull(v, "options"));
      return this;
    }

    /**
     * @param v the regular expression
     * @return this
     */
    public Builder pattern(String v) {
      pattern = Optional.of(Objects.requireNonNull(v, "pattern"));
      return this;
    }

    /**
     * @param v the minimum length
     * @return this
     */
    public Builder minLength(int v) {
      minLength = Optional.of(v);
      return this;
    }

    /**
     * @param v the maximum length
     * @return this
     */
    public Builder maxLength(int v) {
      maxLength = Optional.of(v);
      return this;
    }

    /**
     * @param v the inclusive minimum
     * @return this
     */
    public Builder minimum(BigDecimal v) {
      minimum = Optional.of(Objects.requireNonNull(v, "minimum"));
      return this;
    }

    /**
     * @param v the inclusive maximum
     * @return this
     */
    public Builder maximum(BigDecimal v) {
      maximum = Optional.of(Objects.requireNonNull(v, "maximum"));
      return this;
    }

    /**
     * @param v the condition
     * @return this
     */
    public Builder condition(FieldCondition v) {
      condition = Optional.of(Objects.requireNonNull(v, "condition"));
      return this;
    }

    /**
     * @return the field
     */
    public FieldDefinition build() {
      return new FieldDefinition(
          code,
          name,
          description,
          hint,
          type,
          required,
          secret,
          defaultValue,
          options,
          pattern,
          minLength,
          maxLength,
          minimum,
          maximum,
          condition);
    }
  }
}
