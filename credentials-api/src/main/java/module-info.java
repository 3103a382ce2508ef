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
  // Not API (see its package comment). Exported to everyone, not only to dev.credentials.core:
  // core usually runs on the class path (its Vert.x dependency cannot run as a module with the
  // trimmed Netty), and the unnamed module must reach it there too.
  exports dev.credentials.internal;
}
