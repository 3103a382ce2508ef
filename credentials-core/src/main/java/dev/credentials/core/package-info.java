/**
 * The engine. {@link dev.credentials.core.Credentials#builder()} is the front door; {@link
 * dev.credentials.core.CredentialKeys} holds the keys that seal values; {@link
 * dev.credentials.core.InMemoryCredentialRepository} is the in-memory reference repository. Every
 * other class of this package is internal.
 */
package dev.credentials.core;
