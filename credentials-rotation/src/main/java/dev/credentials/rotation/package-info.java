/**
 * Rotating the secrets of services that can change their own secret: {@link
 * dev.credentials.rotation.CredentialRotation} drives a {@link dev.credentials.spi.Rotator} now or
 * on a schedule per credential; {@link dev.credentials.rotation.PostgresRotator} changes a
 * PostgreSQL role's password.
 */
package dev.credentials.rotation;
