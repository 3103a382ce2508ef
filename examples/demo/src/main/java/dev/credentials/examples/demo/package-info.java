/**
 * The runnable demo, the README's embedding example, and an example launch listener that forwards
 * to monitoring.
 */
package dev.credentials.examples.demo;
