/**
 * The hazard checker behind {@code ptosim check}: which pairs of tasks touch overlapping elements of a
 * buffer, at least one of them writing, with no path of dependency edges ordering them. The runtime
 * orders a task only after what its edges name (spec {@code l2-runtime.md} §3.4): it never tracks
 * write-after-read, OUTPUT_EXISTING writes look nothing up, and a manual scope or a {@code manual_dep}
 * view tracks nothing, so such pairs may run in either order.
 *
 * <p>{@link io.ptosim.check.AccessGraph} turns a program, a conformance vector or a recorded
 * {@code deps.json} into tasks, their buffer accesses and edges; {@link io.ptosim.check.HazardChecker}
 * walks the accesses in submit order and reports each unordered conflicting pair as a
 * {@link io.ptosim.check.Finding}, with the fix the spec suggests.
 */
package io.ptosim.check;
