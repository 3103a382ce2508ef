/**
 * Prototypes: the typed templates of kinds of credentials, their fields and field types.
 *
 * <p>A {@link dev.credentials.prototype.Prototype} is defined in Java with its builder, or in a
 * JSON document that the engine validates against its meta-schema. Field codes double as the
 * environment variables a job receives.
 */
package dev.credentials.prototype;
