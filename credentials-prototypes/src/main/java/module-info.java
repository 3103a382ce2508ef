/**
 * The built-in prototype catalogue. Its JSON documents live in the package {@code
 * dev.credentials.prototypes}; the provider reads them with {@link Class#getResource}, which a
 * named module may always do for its own resources, so the package need not be opened.
 */
module dev.credentials.prototypes {
  requires transitive dev.credentials.api;

  exports dev.credentials.prototypes;

  provides dev.credentials.spi.PrototypeProvider with
      dev.credentials.prototypes.BuiltinPrototypes;
}
