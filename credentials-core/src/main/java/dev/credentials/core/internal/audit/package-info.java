/**
 * Not API. The audit trail: the hash chain ({@link
 * dev.credentials.core.internal.audit.AuditTrail}), the writer that commits events and hands them
 * to sinks ({@link dev.credentials.core.internal.audit.EventWriter}), the services' writing units
 * of work ({@link dev.credentials.core.internal.audit.AuditedWrites}) and the journal of accesses
 * behind {@link dev.credentials.core.internal.audit.AccessLog}.
 */
package dev.credentials.core.internal.audit;
