package dev.credentials.core;

import static dev.credentials.core.Fixture.ADMIN;
import static dev.credentials.core.Fixture.GLOBEX_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.credentials.Caller;
import dev.credentials.Consumer;
import dev.credentials.CredentialAccessDeniedException;
import dev.credentials.Principal;
import dev.credentials.TenantId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code bindings().consumers(caller)}: the caller's tenant's consumers, READ checked. */
class ConsumersListingTest {

  @Test
  @DisplayName("lists the caller's tenant's consumers by id, never another tenant's")
  void listsTheTenantsConsumers() {
    try (Credentials engine = Fixture.engine(Fixture.clock(), new Fixture.Script())) {
      engine.bindings().declare(ADMIN, Consumer.of("nightly", "demo-api"));
      engine.bindings().declare(ADMIN, Consumer.of("backup", "demo-db"));
      engine.bindings().declare(GLOBEX_ADMIN, Consumer.of("globex-only", "demo-api"));
      assertThat(engine.bindings().consumers(ADMIN))
          .extracting(Consumer::id)
          .containsExactly("backup", "nightly");
      assertThat(engine.bindings().consumers(GLOBEX_ADMIN))
          .extracting(Consumer::id)
          .containsExactly("globex-only");
      Caller stranger =
          Caller.of(TenantId.of("acme"), Principal.user("eve", TenantId.of("elsewhere")));
      assertThatThrownBy(() -> engine.bindings().consumers(stranger))
          .isInstanceOf(CredentialAccessDeniedException.class);
    }
  }
}
