/**
 * Performance measurement: the JMH benchmarks (run with {@code ptosim bench --jmh}, see the
 * README), the PriorityQueue baseline and queue candidates they compare against, and the quick
 * benchmark behind {@code ptosim bench}. Nothing here is on the simulation path.
 */
package io.ptosim.bench;
