/**
 * Not API. Consumers and bindings: {@link dev.credentials.core.internal.bindings.ConsumerBindings}
 * declares, binds and unbinds, and reports phase-1 status from the requirement evaluator.
 */
package dev.credentials.core.internal.bindings;
