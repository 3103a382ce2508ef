package dev.credentials.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads input files with a size bound and messages that name the file and what to fix. */
final class InputFiles {

  /** Input files larger than this are refused (prototype files, app.json, value files). */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private InputFiles() {}

  /** The text of a file, or of standard input when the name is {@code -}. */
  static String read(Path file, Io io, String what) {
    if (file.toString().equals("-")) {
      try {
        return new String(
            readBounded(io.in(), what + " on standard input"), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new Exit.Failure(Exit.NO_INPUT, what + ": cannot read standard input");
      }
    }
    try {
      if (Files.isDirectory(file)) {
        throw new Exit.Failure(Exit.NO_INPUT, what + " " + file + " is a directory; give a file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new Exit.Failure(
            Exit.DATA, what + " " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Exit.Failure(Exit.NO_INPUT, what + " " + file + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new Exit.Failure(Exit.DATA, what + " " + file + " is not UTF-8 text");
    } catch (IOException e) {
      throw new Exit.Failure(
          Exit.NO_INPUT,
          what + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] readBounded(InputStream in, String what) throws IOException {
    byte[] b = in.readNBytes(MAX_BYTES + 1);
    if (b.length > MAX_BYTES) {
      throw new Exit.Failure(Exit.DATA, what + " is larger than " + MAX_BYTES + " bytes");
    }
    return b;
  }

  /** Parses JSON, naming the file, line and column when it is malformed (never echoing it). */
  static JsonNode json(String text, String what) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null) {
        throw new Exit.Failure(Exit.DATA, what + " is empty; expected a JSON document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new Exit.Failure(
          Exit.DATA,
          what
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
  }
}
