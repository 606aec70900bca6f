/** The backend seam: providers of chip execution, found with ServiceLoader and chosen by name. */
package io.ptosim.spi;
