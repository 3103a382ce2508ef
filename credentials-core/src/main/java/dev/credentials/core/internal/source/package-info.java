/**
 * Sourced credentials: the sources the engine knows by name, and the reads of a stored reference's
 * values, projected onto the prototype's fields, validated, cached and watched.
 */
package dev.credentials.core.internal.source;
