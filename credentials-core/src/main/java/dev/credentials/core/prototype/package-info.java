/**
 * Prototype registration, JSON documents and value validation: the registry compiles each prototype
 * once into a JSON Schema for its values, validated with Vert.x JSON Schema.
 */
package dev.credentials.core.prototype;
