/**
 * The {@code ptosim} command line (Picocli): one class per subcommand, plus the formatting of what
 * they print. Run it through the {@code ./ptosim} launcher at the repository root.
 */
package io.ptosim.cli;
