/**
 * The Credentials API a host application uses: {@link dev.credentials.CredentialStore} to manage
 * credentials, {@link dev.credentials.CredentialBindings} to bind them to consumers, {@link
 * dev.credentials.LaunchGate} to decide launches, {@link dev.credentials.CredentialResolver} to
 * hand values to jobs, and the immutable values and exceptions they use.
 *
 * <p>Every operation takes a {@link dev.credentials.Caller}: the tenant it is scoped to and the
 * principal who acts. Secret values travel as {@link dev.credentials.Secret}.
 */
package dev.credentials;
