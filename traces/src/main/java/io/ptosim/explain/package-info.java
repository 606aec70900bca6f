/**
 * Where a chip run's elapsed time went, exactly, from the run's own events ({@code ptosim run --explain}):
 * the {@link io.ptosim.explain.Explainer} walks the critical path back from the run's end and assigns every
 * picosecond of the elapsed window to one {@link io.ptosim.explain.Part}; {@link io.ptosim.explain.Suggestions}
 * runs what-ifs of the settings the verdict points at.
 */
package io.ptosim.explain;
