/** The chip's global memory: sparse pages, lazily filled inputs, element conversions. */
package io.ptosim.memory;
