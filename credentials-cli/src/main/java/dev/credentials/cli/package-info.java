/**
 * The {@code credentials} command line, built on the library's public API only. The entry point is
 * {@link dev.credentials.cli.CredentialsCli}; everything else is package-private.
 */
package dev.credentials.cli;
