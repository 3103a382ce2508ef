/**
 * Prototype registration, JSON documents and value validation.
 *
 * <ul>
 *   <li>{@link dev.credentials.core.prototype.PrototypeRules} is the one set of prototype rules:
 *       documents, prototypes built in Java and registered, and the testkit's provider kit are all
 *       judged by it, with the same JSON paths.
 *   <li>{@link dev.credentials.core.prototype.PrototypeDocuments} reads prototype documents (this
 *       library's format and MultiFlexi's), validates them against the prototype meta-schema (JSON
 *       Schema 2020-12) and the rules, reporting every violation with its JSON path, and writes
 *       them back. {@link dev.credentials.core.prototype.ParsedDocument} carries the warnings of a
 *       MultiFlexi document (properties it ignored).
 *   <li>{@link dev.credentials.core.prototype.PrototypeRegistry} loads providers found through
 *       {@link java.util.ServiceLoader} or registered explicitly, resolves clashes by priority,
 *       imports documents at run time, and compiles each prototype once for validating its values
 *       (bounded numbers, whole-value patterns under a time budget, canonical conditions).
 *   <li>{@link dev.credentials.core.prototype.FormDescriptors} describes a prototype's form for
 *       host UIs.
 * </ul>
 */
package dev.credentials.core.prototype;
