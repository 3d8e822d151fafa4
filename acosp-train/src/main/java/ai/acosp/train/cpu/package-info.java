/**
 * The oneDNN path of the tool scripts, decided in one place: {@link
 * ai.acosp.train.cpu.ConvolutionAccuracy} checks float32 convolutions against float64 ones and
 * {@link ai.acosp.train.cpu.OneDnnPath} turns its result into {@code ONEDNN_MAX_CPU_ISA}, only on
 * CPUs without AVX2 or where the user asks.
 */
package ai.acosp.train.cpu;
