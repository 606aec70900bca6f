/** Chip platforms (a2a3, a5) as resource files: topology, runtime sizes, timeouts, the cost model. */
package io.ptosim.platform;
