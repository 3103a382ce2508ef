/**
 * OAuth 2.0 access tokens of credentials whose prototype declares {@link
 * dev.credentials.prototype.OAuth2Fields}: the token endpoint's grants, proactive refresh in the
 * background, one refresh in flight per credential, and the problems a failed refresh leaves for
 * the launch gate.
 */
package dev.credentials.core.internal.oauth2;
