/**
 * Not API. Values at rest: the {@link dev.credentials.core.internal.vault.ValueVault} (seal, open,
 * failed-access audit, optional plaintext cache), the {@link
 * dev.credentials.core.internal.vault.Sealer} (Tink AEAD with tenant- and id-bound associated data)
 * and the {@link dev.credentials.core.internal.vault.ValueCodec} (the plaintext format).
 */
package dev.credentials.core.internal.vault;
