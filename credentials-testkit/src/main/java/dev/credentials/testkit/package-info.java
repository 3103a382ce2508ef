/**
 * The Credentials testkit: what a test of a host application, a repository or a prototype provider
 * needs.
 *
 * <ul>
 *   <li>{@link dev.credentials.testkit.MutableClock} — a clock a test moves instead of sleeping.
 *   <li>{@link dev.credentials.testkit.ScriptedCheck} and {@link
 *       dev.credentials.testkit.ScriptedPrototypeProvider} — live checks that play a script.
 *   <li>{@link dev.credentials.testkit.SamplePrototypes} — ready-made prototypes.
 *   <li>{@link dev.credentials.testkit.RepositoryCompatibilityKit} and {@link
 *       dev.credentials.testkit.PrototypeProviderCompatibilityKit} — contract tests every SPI
 *       implementation runs by subclassing (JUnit 5 and AssertJ needed).
 *   <li>{@link dev.credentials.testkit.Generators} — seeded generators for property tests.
 *   <li>{@link dev.credentials.testkit.SecretAssertions} and {@link
 *       dev.credentials.testkit.CapturedLog} — proving no secret reaches a text or a log (AssertJ
 *       needed for the assertions).
 * </ul>
 *
 * <p>The in-memory repository is {@link dev.credentials.core.InMemoryCredentialRepository}, which
 * this module brings in with the core.
 *
 * <p>JUnit 5 and AssertJ are optional dependencies: only the compatibility kits and {@link
 * dev.credentials.testkit.SecretAssertions} use them.
 */
package dev.credentials.testkit;
