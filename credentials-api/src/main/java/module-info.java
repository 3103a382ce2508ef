/**
 * The Credentials API: immutable values, the interfaces a host application calls, the service
 * provider interfaces that other modules implement, and the exception hierarchy. JDK only.
 */
@SuppressWarnings(
    "module") // dev.credentials.core is an automatic module, unseen when this compiles
module dev.credentials.api {
  exports dev.credentials;
  exports dev.credentials.prototype;
  exports dev.credentials.audit;
  exports dev.credentials.spi;
  exports dev.credentials.internal to
      dev.credentials.core;
}
