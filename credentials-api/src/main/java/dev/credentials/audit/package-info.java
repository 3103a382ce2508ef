/**
 * The audit log: hash-chained, per-tenant events of every change, access, denial and check. Events
 * name fields and metadata, never values.
 */
package dev.credentials.audit;
