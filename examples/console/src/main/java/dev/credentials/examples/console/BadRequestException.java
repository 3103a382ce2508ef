package dev.credentials.examples.console;

/** A request the console refuses before it reaches the engine; names the field at fault. */
final class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  BadRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
