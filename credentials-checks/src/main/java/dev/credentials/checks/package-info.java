/**
 * Declared live checks and connection tests: {@link dev.credentials.checks.CheckKinds}, the
 * registry of check kinds found through {@link java.util.ServiceLoader} or registered explicitly,
 * and {@link dev.credentials.checks.DeclaredCheck}, which runs a {@link
 * dev.credentials.prototype.CheckDeclaration} as the engine's {@link
 * dev.credentials.CheckableCredential} or {@link dev.credentials.ConnectionTest}.
 */
package dev.credentials.checks;
