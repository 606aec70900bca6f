/**
 * The L2 runtime semantics, timing-free: tensor descriptors and their overlap rules, task ids, and
 * (growing) the TensorMap, rings, dependency pools, scopes and task state machine of
 * {@code ../shared/spec/l2-runtime.md}. Names follow the spec so the two can be read side by side.
 */
package io.ptosim.runtime;
