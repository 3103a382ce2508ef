package dev.credentials.examples.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.credentials.CredentialException;
import dev.credentials.CredentialValidationException;
import dev.credentials.Violation;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json}: a status, a title, a detail that says what to
 * do, the library's error code and, for bad input, {@code errors: [{field, message}]} naming each
 * field. Values are never echoed: messages come from the library (which keeps values out of them)
 * or are written here from field names only.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

  record FieldError(String field, String message) {}

  @ExceptionHandler(CredentialValidationException.class)
  ResponseEntity<Object> validation(CredentialValidationException e) {
    List<FieldError> errors =
        e.violations().stream()
            .map((Violation v) -> new FieldError(v.path(), v.message()))
            .toList();
    return problem(
        HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage(), e.code().name(), errors);
  }

  @ExceptionHandler(CredentialException.class)
  ResponseEntity<Object> credential(CredentialException e) {
    HttpStatus status =
        switch (e.code()) {
          case NOT_FOUND, UNKNOWN_CONSUMER, UNKNOWN_PROTOTYPE -> HttpStatus.NOT_FOUND;
          case ACCESS_DENIED -> HttpStatus.FORBIDDEN;
          case DUPLICATE, CONCURRENT_MODIFICATION, INACTIVE, EXPIRED -> HttpStatus.CONFLICT;
          case BINDING_REJECTED, UNMET_REQUIREMENT, ENVIRONMENT_CLASH ->
              HttpStatus.UNPROCESSABLE_ENTITY;
          case VALIDATION, INVALID_PROTOTYPE -> HttpStatus.BAD_REQUEST;
          case CANNOT_DECRYPT,
                  KEY_UNAVAILABLE,
                  STORAGE,
                  STORAGE_OUTCOME_UNKNOWN,
                  AUDIT_CHAIN_BROKEN,
                  SOURCE_UNAVAILABLE,
                  TOKEN_REFRESH_FAILED,
                  ROTATION_FAILED ->
              HttpStatus.SERVICE_UNAVAILABLE;
        };
    return problem(status, title(e.code().name()), e.getMessage(), e.code().name(), List.of());
  }

  @ExceptionHandler(BadRequestException.class)
  ResponseEntity<Object> badRequest(BadRequestException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "Invalid input",
        (e.field().isEmpty() ? "the body" : e.field()) + " " + e.getMessage(),
        "VALIDATION",
        List.of(new FieldError(e.field(), e.getMessage())));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> parameter(MethodArgumentTypeMismatchException e) {
    String type =
        e.getRequiredType() == null
            ? "value"
            : e.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT);
    String message = "must be a valid " + type;
    return problem(
        HttpStatus.BAD_REQUEST,
        "Invalid input",
        e.getName() + " " + message,
        "VALIDATION",
        List.of(new FieldError(e.getName(), message)));
  }

  /** Malformed JSON or a wrong type: the JSON path, never the value that was sent. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = e.getCause();
    String field = "";
    String message;
    if (cause instanceof UnrecognizedPropertyException u) {
      field = path(u);
      message = "is not a known property";
    } else if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      field = path(m);
      message = "has the wrong type or shape";
    } else if (cause instanceof JsonProcessingException p) {
      message =
          "is not valid JSON (line "
              + (p.getLocation() == null ? "?" : p.getLocation().getLineNr())
              + ", column "
              + (p.getLocation() == null ? "?" : p.getLocation().getColumnNr())
              + ")";
    } else {
      message = "is missing or not readable; send a JSON object";
    }
    return problem(
        HttpStatus.BAD_REQUEST,
        "Malformed request body",
        (field.isEmpty() ? "the body" : field) + " " + message,
        "VALIDATION",
        List.of(new FieldError(field, message)));
  }

  /**
   * An id for this occurrence. Never the request path: a path can carry whatever the caller typed,
   * and Spring would put it there by default.
   */
  static URI instance() {
    return URI.create("urn:uuid:" + UUID.randomUUID());
  }

  /**
   * Spring MVC's own errors (no such endpoint, method not allowed, unsupported media type, ...)
   * with a detail that repeats nothing from the request.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> r = super.handleExceptionInternal(e, body, headers, status, request);
    if (r != null && r.getBody() instanceof ProblemDetail p) {
      p.setInstance(instance());
      HttpStatus known = HttpStatus.resolve(status.value());
      p.setDetail(
          (known == null ? "request refused" : known.getReasonPhrase())
              + "; see the API in docs/spring.md");
      return ResponseEntity.status(r.getStatusCode())
          .headers(r.getHeaders())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(p);
    }
    return r;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String title(String code) {
    String t = code.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(t.charAt(0)) + t.substring(1);
  }

  static ResponseEntity<Object> problem(
      HttpStatus status, String title, String detail, String code, List<FieldError> errors) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setTitle(title);
    p.setType(URI.create("urn:credentials:problem:" + code.toLowerCase(Locale.ROOT)));
    p.setInstance(instance());
    p.setProperties(Map.of("code", code, "errors", errors));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
