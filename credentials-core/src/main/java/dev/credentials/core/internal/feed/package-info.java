/** Following the change feed of other engines on the same repository. */
package dev.credentials.core.internal.feed;
