/**
 * What this project knows about the engine it runs on: {@link
 * ai.acosp.core.engine.ConvolutionAccuracy} checks float32 convolutions against float64 ones (a
 * oneDNN fault of libtorch 2.7.1 on some CPUs) and tells compaction whether to work around it.
 */
package ai.acosp.core.engine;
