package dev.credentials.examples.console;

import dev.credentials.audit.AuditAction;
import dev.credentials.audit.AuditEvent;
import dev.credentials.audit.AuditQuery;
import dev.credentials.audit.ChainVerification;
import dev.credentials.core.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's audit log, filtered; and the verification of its hash chain. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

  private final Credentials credentials;
  private final Callers callers;

  AuditController(Credentials credentials, Callers callers) {
    this.credentials = credentials;
    this.callers = callers;
  }

  @GetMapping
  Views.Page<Views.Audit> query(
      HttpServletRequest request,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String credentialId,
      @RequestParam(required = false) String principal,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String until,
      @RequestParam(defaultValue = "0") int offset,
      @RequestParam(defaultValue = "100") int size) {
    AuditQuery q = AuditQuery.all();
    if (action != null && !action.isBlank()) {
      try {
        q = q.withAction(AuditAction.valueOf(action.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new BadRequestException(
            "action", "must be one of " + java.util.Arrays.toString(AuditAction.values()));
      }
    }
    if (credentialId != null && !credentialId.isBlank()) {
      q = q.withCredential(Ids.credential(credentialId.trim(), "credentialId"));
    }
    if (principal != null && !principal.isBlank()) {
      q = q.withPrincipal(principal.trim());
    }
    if (from != null || until != null) {
      q =
          q.between(
              instant(from, "from", Instant.EPOCH),
              instant(until, "until", Instant.parse("9999-12-31T23:59:59Z")));
    }
    dev.credentials.Page<AuditEvent> page =
        credentials
            .audit()
            .query(callers.of(request), q, CredentialController.Pages.of(offset, size));
    return new Views.Page<>(
        page.items().stream().map(Views::audit).toList(), page.total(), offset, size);
  }

  @GetMapping("/verify")
  Map<String, Object> verify(HttpServletRequest request) {
    ChainVerification v = credentials.audit().verify(callers.of(request));
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("intact", v.intact());
    out.put("eventsChecked", v.eventsChecked());
    out.put(
        "firstBrokenSequence",
        v.firstBrokenSequence().isPresent() ? v.firstBrokenSequence().getAsLong() : null);
    out.put("message", v.message());
    return out;
  }

  private static Instant instant(String text, String field, Instant otherwise) {
    if (text == null || text.isBlank()) {
      return otherwise;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new BadRequestException(field, "must be an ISO-8601 instant like 2026-01-31T12:00:00Z");
    }
  }
}
