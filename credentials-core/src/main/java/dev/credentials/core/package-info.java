/**
 * The engine. {@link dev.credentials.core.Credentials#builder()} is the front door; {@link
 * dev.credentials.core.CredentialKeys} holds the keys that seal values; {@link
 * dev.credentials.core.KeyManagement} (with {@link dev.credentials.core.KeysetStatus} and {@link
 * dev.credentials.core.RewrapProgress}) rotates them online; {@link
 * dev.credentials.core.InMemoryCredentialRepository} is the in-memory reference repository. Every
 * other class of this package is internal.
 */
package dev.credentials.core;
