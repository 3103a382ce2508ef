/**
 * Internals of the testkit: prototype lint and field-value rules shared by the compatibility kits
 * and the generators. Not API: may change in any release.
 */
package dev.credentials.testkit.internal;
