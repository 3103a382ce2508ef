/**
 * Implementation of the JDBC repository: the unit of work, the migrator, dialect differences, error
 * translation and URL masking. Not API: types here may change in any release.
 */
package dev.credentials.jdbc.internal;
