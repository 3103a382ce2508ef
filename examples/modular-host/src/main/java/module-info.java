/** A host application on the module path. */
module dev.credentials.examples.modular {
  requires dev.credentials.core;
  requires dev.credentials.jdbc;
}
