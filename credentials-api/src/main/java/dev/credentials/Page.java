package dev.credentials;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing.
 *
 * @param items the items of this page
 * @param request the request that produced it
 * @param total how many items match in all
 * @param <T> the item type
 */
public record Page<T>(List<T> items, PageRequest request, long total) {

  /** Validates and copies. */
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(request, "request");
  }

  /**
   * Whether more items follow.
   *
   * @return true if there is a next page
   */
  public boolean hasNext() {
    return request.offset() + (long) items.size() < total;
  }
}
