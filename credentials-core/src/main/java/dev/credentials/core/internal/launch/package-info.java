/**
 * Not API. The launch gate and phase 2: {@link
 * dev.credentials.core.internal.launch.TwoPhaseLaunchGate}, the {@link
 * dev.credentials.core.internal.launch.LiveChecks} with their cache and single flight, the {@link
 * dev.credentials.core.internal.launch.CheckRunner} with its timeout and scrubbing, and the host's
 * {@link dev.credentials.core.internal.launch.LaunchListeners}.
 */
package dev.credentials.core.internal.launch;
