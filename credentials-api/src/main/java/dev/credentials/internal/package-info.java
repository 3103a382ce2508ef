/**
 * Not API. Hooks between the API's value types and the engine ({@code credentials-core}): the
 * engine's compact value map, frozen audit details, and {@link
 * dev.credentials.internal.BufferAdoption}, the capability (granted to the engine's internal
 * classes only) to hand decrypted buffers to secrets and value maps without a copy. The package is
 * exported so that the engine can reach it wherever it runs, but nothing here is covered by
 * compatibility promises; do not use it.
 */
package dev.credentials.internal;
