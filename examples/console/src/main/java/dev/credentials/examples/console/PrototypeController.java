package dev.credentials.examples.console;

import dev.credentials.core.Credentials;
import dev.credentials.core.prototype.FormDescriptors;
import dev.credentials.prototype.Prototype;
import dev.credentials.spi.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Prototypes by category and their form descriptors. */
@RestController
@RequestMapping("/api/prototypes")
class PrototypeController {

  private final Credentials credentials;
  private final Callers callers;

  PrototypeController(Credentials credentials, Callers callers) {
    this.credentials = credentials;
    this.callers = callers;
  }

  @GetMapping
  Map<String, Object> byCategory(
      HttpServletRequest request, @RequestParam(required = false) String category) {
    callers.permitted(request, Permission.READ, "read prototypes");
    Map<String, List<Views.PrototypeSummary>> groups = new TreeMap<>();
    for (Prototype p : credentials.prototypes().all()) {
      if (category == null || category.equals(p.category())) {
        boolean checked = credentials.prototypes().check(p.code()).isPresent();
        groups
            .computeIfAbsent(p.category(), c -> new ArrayList<>())
            .add(Views.prototype(p, checked));
      }
    }
    List<Views.Category> categories = new ArrayList<>();
    groups.forEach(
        (name, list) -> {
          list.sort(
              Comparator.comparing(Views.PrototypeSummary::name, String.CASE_INSENSITIVE_ORDER));
          categories.add(new Views.Category(name, list));
        });
    return Map.of("categories", categories);
  }

  @GetMapping("/{code}/form")
  ResponseEntity<String> form(HttpServletRequest request, @PathVariable String code) {
    callers.permitted(request, Permission.READ, "read prototypes");
    Prototype p = credentials.prototypes().require(code);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(FormDescriptors.of(p));
  }
}
