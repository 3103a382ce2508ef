/**
 * Not API. The audit trail: the hash chain ({@link
 * dev.credentials.core.internal.audit.AuditTrail}),\n * the writer that commits events and hands
 * them to sinks ({@link\n * dev.credentials.core.internal.audit.EventWriter}), the services'
 * writing units of work ({@link\n * dev.credentials.core.internal.audit.AuditedWrites}) and the
 * journal of accesses behind {@link\n * dev.credentials.core.internal.audit.AccessLog}.
 */
package dev.credentials.core.internal.audit;
