/**
 * Not API. Phase 1 and resolving: the cached {@link dev.credentials.core.internal.resolve.Plans},
 * the one {@link dev.credentials.core.internal.resolve.RequirementEvaluator} that status, launch
 * and resolve share, and the {@link dev.credentials.core.internal.resolve.PlanResolver} that turns
 * a plan into an environment.
 */
package dev.credentials.core.internal.resolve;
