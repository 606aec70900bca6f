/**
 * Property testing without a framework: a seeded {@link io.ptosim.properties.ProgramGenerator}, a
 * delta-debugging {@link io.ptosim.properties.Shrinker}, and {@link io.ptosim.properties.PropertyRunner},
 * which runs a property over many seeds and reports the first failure shrunk, with its seed, its
 * program as JSON and a one-line repro.
 */
package io.ptosim.properties;
