/**
 * The project's benchmarks ({@code tool/bench.sh}), kept out of the production modules: {@link
 * ai.acosp.bench.Bench} runs the small-size parts (training step with {@link
 * ai.acosp.bench.TrainingStepBenchmark}; inference of dense, hard-masked and compacted models with
 * {@link ai.acosp.bench.CompactionBenchmark} and, on ONNX Runtime beside DJL, {@link
 * ai.acosp.bench.OnnxRuntimeBenchmark}; the data pipeline with {@link
 * ai.acosp.bench.data.PipelineBenchmark}), and {@link ai.acosp.bench.ScaleBenchmark} the real-size
 * cases ({@link ai.acosp.bench.ScaleCase}), each in a fresh JVM beside the same work in PyTorch.
 */
package ai.acosp.bench;
