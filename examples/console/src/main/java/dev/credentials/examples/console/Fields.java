package dev.credentials.examples.console;

/** Small checks of request bodies, naming the JSON path at fault. */
final class Fields {

  private Fields() {}

  static <T> T notNull(T value, String path) {
    if (value == null) {
      throw new BadRequestException(path, "must not be null");
    }
    return value;
  }
}
