/**
 * The built-in prototype catalogue: {@link dev.credentials.prototypes.BuiltinPrototypes}, found
 * through {@link java.util.ServiceLoader} or registered explicitly.
 */
package dev.credentials.prototypes;
