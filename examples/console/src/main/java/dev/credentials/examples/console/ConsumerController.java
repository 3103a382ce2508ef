package dev.credentials.examples.console;

import dev.credentials.BindingRequest;
import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.Requirement;
import dev.credentials.core.Credentials;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Consumers, their bindings and their phase-1 status (requirement cards), and launch checks. */
@RestController
@RequestMapping("/api/consumers")
class ConsumerController {

  private final Credentials credentials;
  private final Callers callers;

  ConsumerController(Credentials credentials, Callers callers) {
    this.credentials = credentials;
    this.callers = callers;
  }

  record RequirementBody(String topic, String description) {}

  record ConsumerBody(String id, List<RequirementBody> requires) {}

  record BindingBody(String credentialId, String variablePrefix) {}

  /** Every consumer declared in the tenant, with its status. */
  @GetMapping
  List<Views.Consumer> list(HttpServletRequest request) {
    Caller caller = callers.of(request);
    List<Views.Consumer> out = new ArrayList<>();
    for (dev.credentials.Consumer c : credentials.bindings().consumers(caller)) {
      out.add(Views.consumer(credentials.bindings().status(caller, c.id())));
    }
    return out;
  }

  @PostMapping
  ResponseEntity<Views.Consumer> declare(
      HttpServletRequest request, @RequestBody(required = false) ConsumerBody body) {
    Caller caller = callers.of(request);
    if (body == null || body.id() == null) {
      throw new BadRequestException("id", "is required; name the consumer");
    }
    if (body.requires() == null) {
      throw new BadRequestException("requires", "is required; list the topics it needs");
    }
    List<Requirement> requirements = new ArrayList<>();
    for (int i = 0; i < body.requires().size(); i++) {
      RequirementBody r = Fields.notNull(body.requires().get(i), "requires[" + i + "]");
      requirements.add(
          new Requirement(
              Ids.topic(r.topic(), "requires[" + i + "].topic"),
              r.description() == null ? "" : r.description()));
    }
    Consumer consumer;
    try {
      consumer = new Consumer(body.id(), requirements);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "id",
          "must be 1 to 128 letters, digits, '.', '_', '/', ':' or '-', and list each topic once");
    }
    credentials.bindings().declare(caller, consumer);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Views.consumer(credentials.bindings().status(caller, consumer.id())));
  }

  @GetMapping("/{id}")
  Views.Consumer status(HttpServletRequest request, @PathVariable String id) {
    Caller caller = callers.of(request);
    return Views.consumer(credentials.bindings().status(caller, id));
  }

  @PutMapping("/{id}/bindings/{topic}")
  Views.Consumer bind(
      HttpServletRequest request,
      @PathVariable String id,
      @PathVariable String topic,
      @RequestBody(required = false) BindingBody body) {
    Caller caller = callers.of(request);
    if (body == null) {
      throw new BadRequestException("credentialId", "is required; name the credential to bind");
    }
    BindingRequest b =
        new BindingRequest(
            id,
            Ids.topic(topic, "topic"),
            Ids.credential(body.credentialId(), "credentialId"),
            Optional.empty());
    if (body.variablePrefix() != null && !body.variablePrefix().isEmpty()) {
      if (!dev.credentials.Binding.PREFIX.matcher(body.variablePrefix()).matches()) {
        throw new BadRequestException(
            "variablePrefix", "must be upper-case letters, digits and '_' (e.g. ERP_A_)");
      }
      b = b.withPrefix(body.variablePrefix());
    }
    credentials.bindings().bind(caller, b);
    return Views.consumer(credentials.bindings().status(caller, id));
  }

  @DeleteMapping("/{id}/bindings/{topic}")
  Views.Consumer unbind(
      HttpServletRequest request, @PathVariable String id, @PathVariable String topic) {
    Caller caller = callers.of(request);
    credentials.bindings().unbind(caller, id, Ids.topic(topic, "topic"));
    return Views.consumer(credentials.bindings().status(caller, id));
  }

  /** Phase 2: the launch gate's decision now (variable names only, never values). */
  @PostMapping("/{id}/check")
  Views.Launch check(HttpServletRequest request, @PathVariable String id) {
    return Views.launch(credentials.launchGate().prepare(callers.of(request), id));
  }
}
