/** JMH benchmarks. Each reports our path against the raw primitive in the same run. */
package dev.credentials.benchmarks;
