/**
 * Not API. Who may do what: the {@link dev.credentials.core.internal.access.AccessGuard}, which
 * asks the host's access policy before every operation and audits each denial, and the {@link
 * dev.credentials.core.internal.access.AccessKind} of every read of values.
 */
package dev.credentials.core.internal.access;
