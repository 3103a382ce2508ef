package dev.credentials.prototypes;

import dev.credentials.spi.PrototypeProvider;
import dev.credentials.testkit.PrototypeProviderCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/** The built-in catalogue passes the testkit's prototype-provider compatibility kit. */
@DisplayName("Prototype provider compatibility kit on the built-in catalogue")
class BuiltinPrototypesKitTest extends PrototypeProviderCompatibilityKit {
  @Override
  protected PrototypeProvider provider() {
    return new BuiltinPrototypes();
  }
}
