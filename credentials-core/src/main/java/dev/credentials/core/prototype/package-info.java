/**
 * Prototype registration, JSON documents and value validation.
 *
 * <ul>
 *   <li>{@link dev.credentials.core.prototype.PrototypeDocuments} reads prototype documents (this
 *       library's format and MultiFlexi's), validates them against the prototype meta-schema (JSON
 *       Schema 2020-12) reporting every violation with its JSON path, and writes them back.
 *   <li>{@link dev.credentials.core.prototype.PrototypeRegistry} loads providers found through
 *       {@link java.util.ServiceLoader} or registered explicitly, resolves clashes by priority,
 *       imports documents at run time, and compiles each prototype once into a JSON Schema for its
 *       values, validated with Vert.x JSON Schema.
 *   <li>{@link dev.credentials.core.prototype.FormDescriptors} describes a prototype's form for
 *       host UIs.
 * </ul>
 */
package dev.credentials.core.prototype;
