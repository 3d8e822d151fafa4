/**
 * Timing on a shared machine, used by the benchmarks ({@code bench}), compaction ({@code compact})
 * and the demo alike: {@link ai.acosp.train.timing.RoundRobinTimer} times several networks
 * round-robin and reports medians, with the thread count and load average to print beside them.
 */
package ai.acosp.train.timing;
