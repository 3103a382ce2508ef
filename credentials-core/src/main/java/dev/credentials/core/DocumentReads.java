package dev.credentials.core;

import dev.credentials.CredentialValidationException;
import dev.credentials.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Reads JSON documents (prototype documents, application descriptors) from files, URLs and streams
 * for the overloads that take them: at most a given number of bytes, strict UTF-8, and errors that
 * name the source but never quote the content.
 */
final class DocumentReads {

  private DocumentReads() {}

  /** Turns a source and one problem into the caller's typed exception. */
  interface Problem extends BiFunction<String, Violation, CredentialValidationException> {}

  /**
   * Reads a file.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  static String read(Path file, int maxBytes, Problem problem) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in, maxBytes, problem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getClass().getName(), e);
    }
  }

  /**
   * Reads what a URL points at (a class-path resource, a file).
   *
   * @throws UncheckedIOException naming the URL when it cannot be read
   */
  static String read(URL url, int maxBytes, Problem problem) {
    Objects.requireNonNull(url, "url");
    try (InputStream in = url.openStream()) {
      return read(url.toString(), in, maxBytes, problem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + url + ": " + e.getClass().getName(), e);
    }
  }

  /**
   * Reads a stream to its end, or until it passes {@code maxBytes}; the caller closes it.
   *
   * @throws CredentialValidationException (made by {@code problem}) when the stream is larger than
   *     {@code maxBytes} or not UTF-8
   * @throws UncheckedIOException when the stream fails
   */
  static String read(String source, InputStream in, int maxBytes, Problem problem) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getClass().getName(), e);
    }
    if (bytes.length > maxBytes) {
      throw problem.apply(
          source,
          new Violation(
              "", "is larger than " + maxBytes + " bytes; split it or trim it and load it again"));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw problem.apply(
          source, new Violation("", "is not UTF-8 text; save it as UTF-8 and load it again"));
    }
  }

  /** A problem reported as a {@link dev.credentials.PrototypeDefinitionException}. */
  static CredentialValidationException prototypeProblem(String source, Violation violation) {
    return new dev.credentials.PrototypeDefinitionException(source, List.of(violation));
  }

  /** Each prototype document file's text, at most {@code MAX_DOCUMENT_BYTES} of UTF-8 each. */
  static List<String> prototypeFiles(List<java.nio.file.Path> files) {
    List<String> texts = new java.util.ArrayList<>();
    for (java.nio.file.Path file : files) {
      texts.add(
          read(
              file,
              dev.credentials.core.prototype.PrototypeDocuments.MAX_DOCUMENT_BYTES,
              DocumentReads::prototypeProblem));
    }
    return texts;
  }

  /** The files' names, for messages. */
  static String fileNames(List<java.nio.file.Path> files) {
    return String.join(", ", files.stream().map(f -> String.valueOf(f.getFileName())).toList());
  }
}
