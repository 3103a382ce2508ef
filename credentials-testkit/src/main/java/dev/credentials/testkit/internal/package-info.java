/**
 * Internals of the testkit: the regular-expression sampler the generators use to make values that
 * match a field's pattern. Not API: may change in any release. Prototype and value rules are not
 * here: the kits and generators call the engine's own ({@code PrototypeRules}).
 */
package dev.credentials.testkit.internal;
