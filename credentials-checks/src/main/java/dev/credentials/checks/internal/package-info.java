/**
 * Not API: the built-in check kinds and their probes. The kinds are public only so that {@link
 * java.util.ServiceLoader} can make them; prototypes name them in their declared {@code check} and
 * {@code test}, which the engine runs. Each kind that needs a client library touches it only from a
 * separate probe class, so that a missing client answers {@code UNKNOWN} instead of failing to
 * load.
 */
package dev.credentials.checks.internal;
