package dev.credentials.testkit;

import dev.credentials.spi.PrototypeProvider;

/** A provider built from scripted parts meets the provider contract, discovery included. */
class ScriptedPrototypeProviderKitTest extends PrototypeProviderCompatibilityKit {
  @Override
  protected PrototypeProvider provider() {
    return new DemoTestProvider();
  }
}
