/**
 * Reporting of live checks and launch decisions to monitoring: {@link
 * dev.credentials.telemetry.OpenTelemetryListener} (metrics and spans through the OpenTelemetry
 * API), {@link dev.credentials.telemetry.MicrometerListener} (Micrometer meters) and {@link
 * dev.credentials.telemetry.ZabbixListener} (trapper items through the Zabbix sender protocol).
 * Each is a {@link dev.credentials.spi.LaunchListener} registered with {@code
 * Credentials.builder().launchListener(...)}.
 *
 * <p>What is reported names tenants, consumers, credentials, prototypes, check kinds, states and
 * outcomes, never a value. Check messages are reported as the engine stores them, with known secret
 * values already scrubbed.
 */
package dev.credentials.telemetry;
