package dev.credentials;

/**
 * Which page of a listing: offset and size.
 *
 * @param offset how many items to skip, at least 0
 * @param size how many items at most, 1 to 1000
 */
public record PageRequest(int offset, int size) {

  /** The largest page size. */
  public static final int MAX_SIZE = 1000;

  /** Validates. */
  public PageRequest {
    if (offset < 0) {
      throw new IllegalArgumentException("page offset must be at least 0, got " + offset);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "page size must be between 1 and " + MAX_SIZE + ", got " + size);
    }
  }

  /**
   * The first page.
   *
   * @param size the page size
   * @return the request
   */
  public static PageRequest first(int size) {
    return new PageRequest(0, size);
  }

  /**
   * The page after this one.
   *
   * @return the next request
   */
  public PageRequest next() {
    return new PageRequest(offset + size, size);
  }
}
