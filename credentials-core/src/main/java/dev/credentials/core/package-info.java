/**
 * The engine. {@link dev.credentials.core.Credentials#builder()} is the front door; {@link
 * dev.credentials.core.CredentialKeys} holds the keys that seal values; {@link
 * dev.credentials.core.KeyManagement} (with {@link dev.credentials.core.KeysetStatus} and {@link
 * dev.credentials.core.RewrapProgress}) rotates them online; {@link
 * dev.credentials.core.InMemoryCredentialRepository} is the in-memory reference repository; {@link
 * dev.credentials.core.PrototypeCatalog} is the read-only view of the registered prototypes. Every
 * other class of this package is internal, and the services the engine is made of live in the
 * sub-packages of {@code dev.credentials.core.internal} (see {@code docs/architecture.md}).
 */
package dev.credentials.core;
