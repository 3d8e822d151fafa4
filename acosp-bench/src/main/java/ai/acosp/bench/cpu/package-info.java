/**
 * What the benchmark says about the host: {@link ai.acosp.bench.cpu.CacheVisibility} tells where
 * the CPU hides the cache sizes oneDNN tiles for.
 */
package ai.acosp.bench.cpu;
