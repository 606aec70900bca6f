/**
 * The simulated chip: the AICPU orchestrator and scheduler threads and the AIC/AIV cores, driving the
 * runtime's rules ({@code io.ptosim.runtime.L2Runtime}) in deterministic virtual time.
 */
package io.ptosim.chip;
