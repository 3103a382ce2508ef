/**
 * Not API. Declared checks: the {@link dev.credentials.core.internal.checks.CheckKindRegistry} of
 * check kinds (found through {@link java.util.ServiceLoader} or registered in the engine's builder)
 * and the {@link dev.credentials.core.internal.checks.DeclaredProbe} that runs a prototype's
 * declared {@code check} or {@code test} with its kind.
 */
package dev.credentials.core.internal.checks;
