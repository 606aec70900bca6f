/**
 * The {@code sim} backend's chip endpoint: {@link io.ptosim.endpoint.SimChipEndpoint} implements
 * {@link io.ptosim.spi.ChipEndpoint} over a simulated chip with its own persistent device memory, a
 * deterministic device allocator and host-device shared memory, answering on the node's event loop in
 * virtual time. {@link io.ptosim.endpoint.SimCallable} is what its chip tasks run.
 */
package io.ptosim.endpoint;
