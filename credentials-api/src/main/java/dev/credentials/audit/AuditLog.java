package dev.credentials.audit;

import dev.credentials.Caller;
import dev.credentials.Page;
import dev.credentials.PageRequest;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reads and verifies a tenant's audit log. Reading it requires the admin role. */
public interface AuditLog {
  /**
   * Events of the caller's tenant, oldest first.
   *
   * @param caller who reads
   * @param query the filters
   * @param page which page
   * @return the page
   */
  Page<AuditEvent> query(Caller caller, AuditQuery query, PageRequest page);

  /**
   * Walks the caller's tenant's hash chain from the first event and reports the first break.
   *
   * @param caller who verifies
   * @return the outcome
   */
  ChainVerification verify(Caller caller);

  /**
   * Every matching event of the caller's tenant, oldest first, read page by page as the stream is
   * consumed ({@value #STREAM_PAGE_SIZE} events per query). The first page is read at once, so an
   * access denial is thrown by this call; later pages are read when the stream reaches them. Events
   * appended while the stream is consumed may be included.
   *
   * <pre>{@code
   * try (Stream<AuditEvent> events = audit.stream(admin, AuditQuery.all().withPrincipal(bob))) {
   *   events.forEach(e -> System.out.println(e.time() + " " + e.action()));
   * }
   * }</pre>
   *
   * @param caller who reads (needs the audit permission)
   * @param query the filters
   * @return the events, lazily paged
   * @throws dev.credentials.CredentialAccessDeniedException if the caller may not read the log
   */
  default Stream<AuditEvent> stream(Caller caller, AuditQuery query) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(query, "query");
    Page<AuditEvent> first = query(caller, query, PageRequest.first(STREAM_PAGE_SIZE));
    Iterator<AuditEvent> events =
        new Iterator<>() {
          private Page<AuditEvent> page = first;
          private int index;

          @Override
          public boolean hasNext() {
            while (index >= page.items().size()) {
              if (page.items().isEmpty() || !page.hasNext()) {
                return false;
              }
              page = query(caller, query, page.request().next());
              index = 0;
            }
            return true;
          }

          @Override
          public AuditEvent next() {
            if (!hasNext()) {
              throw new NoSuchElementException("no more audit events");
            }
            return page.items().get(index++);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            events, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }

  /** How many events {@link #stream} reads per query. */
  int STREAM_PAGE_SIZE = 500;
}
