/**
 * Not API. The credential store: {@link\n *
 * dev.credentials.core.internal.store.SealedCredentialStore} and the rules for a credential's\n *
 * metadata.
 */
package dev.credentials.core.internal.store;
