package dev.credentials.core.delivery;

import dev.credentials.RevealedCredential;
import dev.credentials.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the {@code Authorization} header of an inbound request against an expected credential, in
 * constant time.
 *
 * <p>The verifier keeps only the scheme and the SHA-256 digest of the expected credentials (for
 * {@code Basic}, of the decoded {@code user:password}); a presented header is digested the same way
 * and compared with {@link MessageDigest#isEqual}, so the time taken does not depend on how much of
 * the secret matched, nor on the secret's length. The scheme is compared case-insensitively.
 * Malformed, oversized or missing headers are simply rejected: {@link #verify(String)} never throws
 * for bad input and never echoes it.
 *
 * <pre>{@code
 * AuthorizationVerifier verifier = AuthorizationVerifier.bearer(expectedToken);
 * if (!verifier.verify(request.getHeader("Authorization"))) {
 *   response.sendError(401);
 * }
 * }</pre>
 *
 * <p>Instances are immutable and safe for concurrent use.
 */
public final class AuthorizationVerifier {

  /** Longer presented headers are rejected without being digested. */
  public static final int MAX_HEADER_LENGTH = 8192;

  private final String scheme;
  private final byte[] digest;

  private AuthorizationVerifier(String scheme, byte[] digest) {
    this.scheme = scheme;
    this.digest = digest;
  }

  /**
   * A verifier expecting a full header value such as {@code Bearer abc} or {@code Basic dXM6cHc=}.
   *
   * @param expectedHeader the expected header value
   * @return the verifier
   * @throws IllegalArgumentException when the expected value is not {@code <scheme> <credentials>}
   *     (the message does not contain it)
   */
  public static AuthorizationVerifier of(Secret expectedHeader) {
    Objects.requireNonNull(expectedHeader, "expectedHeader");
    byte[] bytes = expectedHeader.revealBytes();
    try {
      Parsed p = parse(bytes);
      if (p == null) {
        throw new IllegalArgumentException(
            "the expected Authorization value is malformed; it must be '<scheme> <credentials>',"
                + " e.g. as built by AuthorizationHeaders");
      }
      return new AuthorizationVerifier(p.scheme, p.digest);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * A verifier expecting {@code Bearer <token>}.
   *
   * @param token the expected token
   * @return the verifier
   * @throws IllegalArgumentException when the token cannot appear in a header
   */
  public static AuthorizationVerifier bearer(Secret token) {
    return of(AuthorizationHeaders.bearer(token));
  }

  /**
   * A verifier expecting {@code Basic base64(user:password)}.
   *
   * @param username the expected user name
   * @param password the expected password
   * @return the verifier
   * @throws IllegalArgumentException when the values cannot be carried by basic authentication
   */
  public static AuthorizationVerifier basic(Secret username, Secret password) {
    return of(AuthorizationHeaders.basic(username, password));
  }

  /**
   * A verifier for a credential, by the field convention of {@link AuthorizationHeaders}.
   *
   * @param credential the credential
   * @return the verifier, or empty when the credential has no bearer or basic fields
   * @throws IllegalArgumentException when the convention is ambiguous or a value cannot appear in a
   *     header
   */
  public static Optional<AuthorizationVerifier> from(RevealedCredential credential) {
    return AuthorizationHeaders.from(credential).map(AuthorizationVerifier::of);
  }

  /**
   * A verifier for values by field code, reading the fields named.
   *
   * @param values the values
   * @param fields which fields to read
   * @return the verifier, or empty when the named fields are not set
   */
  public static Optional<AuthorizationVerifier> from(
      Map<String, Secret> values, AuthorizationFields fields) {
    return AuthorizationHeaders.from(values, fields).map(AuthorizationVerifier::of);
  }

  /**
   * Whether a presented header value carries the expected credentials.
   *
   * @param presentedHeader the {@code Authorization} header value as received; may be null
   * @return true only for the expected scheme (any case) and credentials
   */
  public boolean verify(String presentedHeader) {
    if (presentedHeader == null || presentedHeader.length() > MAX_HEADER_LENGTH) {
      return false;
    }
    byte[] bytes = presentedHeader.getBytes(StandardCharsets.UTF_8);
    try {
      return verify(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Whether a presented header value, held as a secret, carries the expected credentials.
   *
   * @param presentedHeader the header value
   * @return true only for the expected scheme (any case) and credentials
   */
  public boolean verify(Secret presentedHeader) {
    Objects.requireNonNull(presentedHeader, "presentedHeader");
    byte[] bytes = presentedHeader.revealBytes();
    try {
      return bytes.length <= MAX_HEADER_LENGTH && verify(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private boolean verify(byte[] header) {
    Parsed p = parse(header);
    if (p == null) {
      return false;
    }
    // both digests are 32 bytes: the comparison time says nothing about the secret
    boolean credentialsMatch = MessageDigest.isEqual(digest, p.digest);
    return credentialsMatch & scheme.equals(p.scheme);
  }

  /**
   * The expected scheme, in lower case.
   *
   * @return e.g. {@code bearer}
   */
  public String scheme() {
    return scheme;
  }

  /** Shows the scheme only. */
  @Override
  public String toString() {
    return "AuthorizationVerifier[" + scheme + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private record Parsed(String scheme, byte[] digest) {}

  /**
   * Parses {@code OWS scheme 1*SP credentials OWS}; credentials are one token68 (no spaces or
   * control characters). Returns null when malformed.
   */
  private static Parsed parse(byte[] h) {
    int start = 0;
    int end = h.length;
    while (start < end && isOws(h[start])) {
      start++;
    }
    while (end > start && isOws(h[end - 1])) {
      end--;
    }
    int schemeEnd = start;
    while (schemeEnd < end && isTchar(h[schemeEnd])) {
      schemeEnd++;
    }
    if (schemeEnd == start || schemeEnd == end || h[schemeEnd] != ' ') {
      return null;
    }
    int credStart = schemeEnd;
    while (credStart < end && h[credStart] == ' ') {
      credStart++;
    }
    if (credStart == end) {
      return null;
    }
    for (int i = credStart; i < end; i++) {
      if (h[i] < 0x21 || h[i] > 0x7e) {
        return null;
      }
    }
    String scheme =
        new String(h, start, schemeEnd - start, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    byte[] credentials = Arrays.copyOfRange(h, credStart, end);
    byte[] material = credentials;
    try {
      if (scheme.equals("basic")) {
        try {
          material = Base64.getDecoder().decode(credentials);
        } catch (IllegalArgumentException notBase64) {
          return null;
        }
      }
      return new Parsed(scheme, sha256(material));
    } finally {
      Arrays.fill(credentials, (byte) 0);
      Arrays.fill(material, (byte) 0);
    }
  }

  private static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  /** RFC 9110 tchar. */
  private static boolean isTchar(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
