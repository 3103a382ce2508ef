/**
 * The Credentials engine: the {@code Credentials} builder and front door, prototype documents and
 * their registry, and the delivery helpers (files, authorization headers, typed views).
 *
 * <p>On the module path, every package listed here is API; everything else in the module is
 * encapsulated. Host types read by {@code dev.credentials.core.delivery.TypedViews} must be in a
 * package the host exports (records) or opens (for private record constructors) to this module.
 */
@SuppressWarnings("module") // Tink is an automatic module
module dev.credentials.core {
  requires transitive dev.credentials.api;
  requires transitive com.google.crypto.tink; // CredentialKeys takes and returns Tink types
  // Tink is an automatic module and cannot require what it uses; its keyset JSON needs Gson, a
  // named module that is only resolved when some module requires it.
  requires com.google.gson;
  requires com.fasterxml.jackson.databind;
  requires io.vertx.jsonschema;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires java.net.http; // OAuth 2.0 token endpoints

  exports dev.credentials.core;
  exports dev.credentials.core.delivery;
  exports dev.credentials.core.prototype;

  uses dev.credentials.spi.PrototypeProvider;
  uses dev.credentials.spi.CheckKind;
  uses dev.credentials.spi.CredentialSource;
}
