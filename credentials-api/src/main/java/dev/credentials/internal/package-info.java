/**
 * Not API. Hooks between the API's value types and the engine, exported only to {@code
 * dev.credentials.core}; nothing here is covered by compatibility promises.
 */
package dev.credentials.internal;
