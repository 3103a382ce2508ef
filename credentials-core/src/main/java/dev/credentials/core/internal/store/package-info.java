/**
 * Not API. The credential store: {@link dev.credentials.core.internal.store.SealedCredentialStore}
 * and the rules for a credential's metadata.
 */
package dev.credentials.core.internal.store;
