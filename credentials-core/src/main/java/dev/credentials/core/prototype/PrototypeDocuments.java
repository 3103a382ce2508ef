package dev.credentials.core.prototype;

import dev.credentials.PrototypeDefinitionException;
import dev.credentials.Violation;
import dev.credentials.prototype.Prototype;
import java.util.List;

/**
 * Reads and writes JSON prototype documents: this library's format and MultiFlexi's
 * credential-prototype format, validated against the prototype meta-schema.
 */
public final class PrototypeDocuments {

  /** Documents larger than this are refused before parsing. */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  private PrototypeDocuments() {}

  /**
   * Parses and validates a document.
   *
   * @param source where the document came from, for messages
   * @param json the document
   * @return the prototype
   * @throws PrototypeDefinitionException with every violation and its JSON path
   */
  public static Prototype parse(String source, String json) {
    throw new UnsupportedOperationException("JSON prototype documents arrive with issue 4");
  }

  static PrototypeDefinitionException tooLarge(String source) {
    return new PrototypeDefinitionException(
        source,
        List.of(
            new Violation(
                "",
                "is larger than "
                    + MAX_DOCUMENT_BYTES
                    + " bytes; split it into one document per prototype")));
  }
}
