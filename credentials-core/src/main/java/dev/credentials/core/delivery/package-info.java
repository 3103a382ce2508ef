/**
 * Handing resolved values to a job in the shapes jobs consume, without the values reaching a log.
 *
 * <ul>
 *   <li>{@link dev.credentials.core.delivery.CredentialFiles}: owner-only temporary files (JSON,
 *       {@code .env}, or one file per key like a Kubernetes Secret volume), wiped and removed when
 *       the handle closes.
 *   <li>{@link dev.credentials.core.delivery.AuthorizationHeaders}: an HTTP {@code Authorization}
 *       value from bearer or basic credentials; {@link
 *       dev.credentials.core.delivery.AuthorizationVerifier} checks inbound headers in constant
 *       time.
 *   <li>{@link dev.credentials.core.delivery.TypedViews}: a credential as a Java record or
 *       interface, with every missing or malformed field reported at once.
 *   <li>{@link dev.credentials.core.delivery.OutputMasker}: streams and writers that replace secret
 *       values, and their base64, URL and JSON encodings, with {@code ****} in what a job prints.
 *   <li>{@link dev.credentials.core.delivery.JobLauncher}: runs a consumer's job from its launch
 *       decision, with the environment, optional credential files, masked output and a timeout;
 *       {@link dev.credentials.core.delivery.JobResult} says how it ended.
 * </ul>
 *
 * <p>Every class here takes values as {@link dev.credentials.Secret}s, from a {@link
 * dev.credentials.ResolvedEnvironment}, a {@link dev.credentials.RevealedCredential} or a plain
 * map, and never puts a value into an exception message or a {@code toString}.
 */
package dev.credentials.core.delivery;
