package dev.credentials.core.delivery;

import dev.credentials.Caller;
import dev.credentials.CredentialException;
import dev.credentials.CredentialId;
import dev.credentials.CredentialMetadata;
import dev.credentials.ResolvedEnvironment;
import dev.credentials.Secret;
import dev.credentials.core.Credentials;
import dev.credentials.prototype.FieldDefinition;
import dev.credentials.prototype.Prototype;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replaces secret values in what a job prints with {@code ****}: the values themselves and their
 * common encodings, i.e. base64 (standard and URL-safe, wherever the value sits in the encoded
 * text), URL encoding and JSON string escapes.
 *
 * <p>Guard a child process's output, or any stream a host wants to protect:
 *
 * <pre>{@code
 * OutputMasker masker = OutputMasker.forLaunch(credentials, caller, environment);
 * try (OutputStream out = masker.wrap(System.out)) {
 *   process.getInputStream().transferTo(out);
 * }
 * }</pre>
 *
 * <p>Matching works on bytes: overlapping occurrences become one {@code ****}, the longest
 * occurrence wins where several start at one position, and an occurrence split over any number of
 * writes is still found. A wrapped stream holds back at most the length of the longest encoded
 * value (a possible beginning of a value) until more output or {@code close()} decides it.
 *
 * <p>A value shorter than the {@linkplain Builder#minimumLength(int) minimum length} (4 characters
 * by default) is not masked: masking {@code "1"} or {@code "yes"} would garble ordinary output.
 * Such variables are listed by {@link #unmaskedVariables()}, by name only.
 *
 * <p>Instances are immutable and safe to share; each wrapped stream is for one writer thread at a
 * time (calls are synchronized). Neither {@link #toString()} nor any exception shows a value.
 */
public final class OutputMasker {

  /** The shortest value that is masked unless configured otherwise: 4 characters. */
  public static final int DEFAULT_MINIMUM_LENGTH = 4;

  /** What replaces each value. */
  public static final String MASK = "****";

  private final MaskPatterns patterns;
  private final Set<String> masked;
  private final Set<String> unmasked;

  private OutputMasker(MaskPatterns patterns, Set<String> masked, Set<String> unmasked) {
    this.patterns = patterns;
    this.masked = masked;
    this.unmasked = unmasked;
  }

  /**
   * A masker for every variable of an environment, whether its field is secret or not. Use {@link
   * #forLaunch} to leave non-secret fields (a host name, a port) readable.
   *
   * @param environment the environment a job receives
   * @return the masker
   */
  public static OutputMasker of(ResolvedEnvironment environment) {
    return builder()
        .secrets(Objects.requireNonNull(environment, "environment").variables())
        .build();
  }

  /**
   * A masker for the variables of an environment that come from secret fields (and for every
   * variable taken from the process environment by the fallback, whose secrecy is unknown). Where a
   * variable's field cannot be told (the credential is gone, or the caller may not read its
   * metadata), the variable is masked.
   *
   * @param credentials the engine that resolved the environment
   * @param caller who launches
   * @param environment the environment
   * @return the masker
   */
  public static OutputMasker forLaunch(
      Credentials credentials, Caller caller, ResolvedEnvironment environment) {
    return forLaunch(credentials, caller, environment, DEFAULT_MINIMUM_LENGTH);
  }

  static OutputMasker forLaunch(
      Credentials credentials, Caller caller, ResolvedEnvironment environment, int minimumLength) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(environment, "environment");
    Builder b = builder().minimumLength(minimumLength);
    Map<CredentialId, Optional<Prototype>> prototypes = new HashMap<>();
    environment
        .variables()
        .forEach(
            (name, value) -> {
              if (isSecret(credentials, caller, environment, name, prototypes)) {
                b.secret(name, value);
              }
            });
    return b.build();
  }

  private static boolean isSecret(
      Credentials credentials,
      Caller caller,
      ResolvedEnvironment environment,
      String variable,
      Map<CredentialId, Optional<Prototype>> prototypes) {
    CredentialId id = environment.provenance().get(variable);
    if (id == null || environment.fallbackVariables().contains(variable)) {
      return true;
    }
    Optional<Prototype> prototype =
        prototypes.computeIfAbsent(
            id,
            k -> {
              try {
                CredentialMetadata m = credentials.store().get(caller, k);
                return credentials.prototypes().find(m.prototype());
              } catch (CredentialException e) {
                return Optional.empty();
              }
            });
    if (prototype.isEmpty()) {
      return true;
    }
    // a variable is a field code, possibly behind a binding's prefix: take the longest code that
    // ends it; where two fields could both be meant, mask if either is secret
    FieldDefinition best = null;
    boolean anySecret = false;
    for (FieldDefinition f : prototype.get().fields()) {
      if (variable.equals(f.code())) {
        return f.secret();
      }
      if (variable.endsWith(f.code())) {
        anySecret |= f.secret();
        if (best == null || f.code().length() > best.code().length()) {
          best = f;
        }
      }
    }
    return best == null || anySecret;
  }

  /**
   * A builder for maskers of explicit values.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wraps a stream. Closing the returned stream writes what it held back and closes {@code out}.
   *
   * @param out where masked output goes
   * @return a stream that masks what is written to it
   */
  public OutputStream wrap(OutputStream out) {
    return new MaskingOutputStream(Objects.requireNonNull(out, "out"), patterns);
  }

  /**
   * Wraps a writer. Characters are masked as UTF-8, so a value is found however the text is split
   * into writes. Closing the returned writer writes what it held back and closes {@code out}.
   *
   * @param out where masked text goes
   * @return a writer that masks what is written to it
   */
  public Writer wrap(Writer out) {
    return new OutputStreamWriter(
        wrap(new DecodingStream(Objects.requireNonNull(out, "out"))), StandardCharsets.UTF_8);
  }

  /**
   * Masks a whole text, e.g. a message a host is about to log.
   *
   * @param text the text
   * @return the text with every value and its encodings replaced by {@value #MASK}
   */
  public String mask(String text) {
    Objects.requireNonNull(text, "text");
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream sink = new ByteArrayOutputStream(in.length);
    try (OutputStream masking = wrap(sink)) {
      masking.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException("masking into memory failed", e);
    } finally {
      Arrays.fill(in, (byte) 0);
    }
    return sink.toString(StandardCharsets.UTF_8);
  }

  /**
   * The variables whose values (and encodings) are masked.
   *
   * @return names, sorted
   */
  public Set<String> maskedVariables() {
    return masked;
  }

  /**
   * The secret variables whose values are too short to mask; a launcher warns about them once.
   *
   * @return names, sorted
   */
  public Set<String> unmaskedVariables() {
    return unmasked;
  }

  /** Names and counts only. */
  @Override
  public String toString() {
    return "OutputMasker[masked=" + masked + ", tooShort=" + unmasked + "]";
  }

  /** Collects values to mask. */
  public static final class Builder {
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private int minimumLength = DEFAULT_MINIMUM_LENGTH;
    private boolean minimumSet;

    private Builder() {}

    /**
     * The shortest value, in characters, that is masked.
     *
     * @param characters at least 1
     * @return this
     * @throws IllegalArgumentException when below 1
     * @throws IllegalStateException when set twice
     */
    public Builder minimumLength(int characters) {
      if (characters < 1) {
        throw new IllegalArgumentException(
            "minimumLength must be at least 1 character, got " + characters);
      }
      if (minimumSet) {
        throw new IllegalStateException("minimumLength is already set");
      }
      minimumSet = true;
      minimumLength = characters;
      return this;
    }

    /**
     * A value to mask, under the name warnings use for it.
     *
     * @param name e.g. the variable name
     * @param value the value
     * @return this
     */
    public Builder secret(String name, Secret value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value of " + name);
      secrets.put(name, value);
      return this;
    }

    /**
     * Values to mask, by name.
     *
     * @param values name → value
     * @return this
     */
    public Builder secrets(Map<String, Secret> values) {
      Objects.requireNonNull(values, "values").forEach(this::secret);
      return this;
    }

    /**
     * Builds the masker. Values are read here, once; the masker keeps only their encoded bytes.
     *
     * @return the masker
     */
    public OutputMasker build() {
      Set<String> masked = new TreeSet<>();
      Set<String> unmasked = new TreeSet<>();
      List<byte[]> patterns = new ArrayList<>();
      for (Map.Entry<String, Secret> e : secrets.entrySet()) {
        Secret value = e.getValue();
        if (value.isEmpty()) {
          continue; // nothing to mask, nothing to warn about
        }
        byte[] plain = value.revealBytes();
        try {
          if (SecretEncodings.codePoints(plain) < minimumLength) {
            unmasked.add(e.getKey());
            continue;
          }
          masked.add(e.getKey());
          patterns.addAll(SecretEncodings.of(plain));
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      }
      MaskPatterns compiled = new MaskPatterns(patterns);
      patterns.forEach(p -> Arrays.fill(p, (byte) 0));
      return new OutputMasker(
          compiled, Collections.unmodifiableSet(masked), Collections.unmodifiableSet(unmasked));
    }
  }

  /** Decodes UTF-8 bytes into a writer, keeping a character split between writes. */
  private static final class DecodingStream extends OutputStream {
    private final Writer out;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    DecodingStream(Writer out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      while (len > 0) {
        int k = Math.min(len, pending.remaining());
        pending.put(b, off, k);
        off += k;
        len -= k;
        decode(false);
      }
    }

    private void decode(boolean endOfInput) throws IOException {
      pending.flip();
      while (true) {
        var result = decoder.decode(pending, chars, endOfInput);
        drainChars();
        if (!result.isOverflow()) {
          break;
        }
      }
      if (endOfInput) {
        decoder.flush(chars);
        drainChars();
      }
      pending.compact();
    }

    private void drainChars() throws IOException {
      chars.flip();
      if (chars.hasRemaining()) {
        out.write(chars.array(), chars.position(), chars.remaining());
      }
      Arrays.fill(chars.array(), 0, chars.limit(), '\0');
      chars.clear();
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        decode(true);
        Arrays.fill(pending.array(), (byte) 0);
        out.flush();
      } finally {
        out.close();
      }
    }
  }
}
