/** The built-in workloads: programs users know from simpler, with kernels, inputs and golden checks. */
package io.ptosim.workloads;
