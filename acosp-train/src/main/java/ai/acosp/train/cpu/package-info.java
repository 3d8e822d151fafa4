/**
 * The oneDNN path of the tool scripts: {@link ai.acosp.train.cpu.OneDnnPath} checks float32
 * convolutions once per machine and libtorch version and chooses the fastest correct path.
 */
package ai.acosp.train.cpu;
