/**
 * Spring Boot auto-configuration for the credentials engine: {@link
 * dev.credentials.spring.CredentialsAutoConfiguration} builds it from {@code credentials.*}
 * properties, {@link dev.credentials.spring.CredentialsMeters} exposes meters to Micrometer and
 * {@link dev.credentials.spring.CredentialsHealthIndicator} reports to the actuator.
 */
package dev.credentials.spring;
