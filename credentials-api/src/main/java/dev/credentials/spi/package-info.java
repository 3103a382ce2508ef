/**
 * Service provider interfaces: what other modules and host applications implement to extend the
 * engine — prototype providers, repositories, audit sinks, launch listeners and access policies.
 */
package dev.credentials.spi;
