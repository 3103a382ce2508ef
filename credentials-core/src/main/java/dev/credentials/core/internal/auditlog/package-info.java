/**
 * Not API. The host's view of the audit log: {@link
 * dev.credentials.core.internal.auditlog.ChainedAuditLog} queries and verifies a tenant's chain.
 */
package dev.credentials.core.internal.auditlog;
