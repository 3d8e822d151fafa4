/**
 * The oneDNN path of the tool scripts: {@link ai.acosp.train.cpu.OneDnnPath} checks float32
 * convolutions once per machine and libtorch version and chooses the fastest correct path; {@link
 * ai.acosp.train.cpu.CacheVisibility} tells where the CPU hides the cache sizes oneDNN tiles for.
 */
package ai.acosp.train.cpu;
