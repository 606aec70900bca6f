/** Kernels as the simulated chip runs them: core type, duration model, optional functional body. */
package io.ptosim.kernel;
