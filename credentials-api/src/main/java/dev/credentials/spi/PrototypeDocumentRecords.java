package dev.credentials.spi;

import java.util.Map;

/**
 * The imported JSON prototype documents of one unit of work, by prototype code. They belong to no
 * tenant: every engine on the repository loads them at start.
 */
public interface PrototypeDocumentRecords {

  /**
   * Stores or replaces an imported JSON prototype document.
   *
   * @param code the prototype code
   * @param json the document
   */
  void put(String code, String json);

  /**
   * @return every imported document, by prototype code
   */
  Map<String, String> all();
}
