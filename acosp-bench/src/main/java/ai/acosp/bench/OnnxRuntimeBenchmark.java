package ai.acosp.bench;

import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.core.measure.OutputDifference;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.models.onnx.OnnxExporter;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU inference of the dense and the compact ACoSP-4 and ACoSP-16 networks on DJL (PyTorch) and on
 * ONNX Runtime, from the same weights ({@link OnnxExporter}) and the same input, with the same
 * number of intra-op threads. Each round runs every variant once on each runtime; medians after two
 * warm-up rounds, with the ORT/DJL speed ratio and the largest relative difference of the outputs.
 */
public final class OnnxRuntimeBenchmark {

    private static final float[] SPARSITIES = {0.75f, 0.9375f};

    private OnnxRuntimeBenchmark() {}

    /**
     * Builds the variants, exports them, times both runtimes and prints a table.
     *
     * @param name the network's name for the table
     * @param factory builds the dense network
     * @param input the input shape
     * @param rounds measured rounds
     * @param out where the table goes
     * @throws OrtException if ONNX Runtime fails
     */
    public static void run(
            String name, Supplier<Block> factory, Shape input, int rounds, PrintStream out)
            throws OrtException {
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "1"));
        Engine.getInstance().setRandomSeed(1);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (NDManager manager = NDManager.newBaseManager();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            Map<String, Block> variants = new LinkedHashMap<>();
            Block dense = factory.get();
            dense.initialize(manager, DataType.FLOAT32, input);
            SyntheticBatchNorms.randomize(dense, 1);
            variants.put("dense", dense);
            for (float s : SPARSITIES) {
                Block compact = CompactionBenchmark.hardMasked(factory, manager, input, s);
                ModelCompaction.compact(compact);
                variants.put("ACoSP-" + Math.round(1 / (1 - s)) + " compact", compact);
            }
            NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
            float[] data = x.toFloatArray();
            Map<String, OrtSession> sessions = new LinkedHashMap<>();
            Map<String, List<Double>> djl = new LinkedHashMap<>();
            Map<String, List<Double>> ort = new LinkedHashMap<>();
            Map<String, Double> differences = new LinkedHashMap<>();
            try (OnnxTensor tensor =
                    OnnxTensor.createTensor(env, FloatBuffer.wrap(data), input.getShape())) {
                for (Map.Entry<String, Block> v : variants.entrySet()) {
                    byte[] onnx = OnnxExporter.toBytes(v.getValue(), input, Map.of());
                    sessions.put(v.getKey(), env.createSession(onnx, options));
                    djl.put(v.getKey(), new ArrayList<>());
                    ort.put(v.getKey(), new ArrayList<>());
                }
                for (int round = -2; round < rounds; round++) {
                    for (Map.Entry<String, Block> variant : variants.entrySet()) {
                        String key = variant.getKey();
                        long t0 = System.nanoTime();
                        float[] expected = djlInfer(variant.getValue(), manager, x);
                        long t1 = System.nanoTime();
                        float[] actual = ortInfer(sessions.get(key), tensor);
                        long t2 = System.nanoTime();
                        if (round >= 0) {
                            djl.get(key).add((t1 - t0) / 1e6);
                            ort.get(key).add((t2 - t1) / 1e6);
                        } else {
                            differences.put(key, OutputDifference.relative(expected, actual));
                        }
                    }
                }
            } finally {
                for (OrtSession s : sessions.values()) {
                    s.close();
                }
            }
            out.printf(
                    Locale.ROOT,
                    "%n%s inference %s on DJL (PyTorch) and ONNX Runtime %s, %d intra-op thread(s),"
                            + " median of %d rounds (load average %s):%n",
                    name,
                    input,
                    env.getVersion(),
                    threads,
                    rounds,
                    RoundRobinTimer.loadAverage());
            double denseDjl = RoundRobinTimer.median(djl.get("dense"));
            for (String key : variants.keySet()) {
                double d = RoundRobinTimer.median(djl.get(key));
                double o = RoundRobinTimer.median(ort.get(key));
                out.printf(
                        Locale.ROOT,
                        "  %-18s DJL %8.1f ms (x%5.2f vs dense)   ORT %8.1f ms (x%5.2f vs dense DJL)"
                                + "   ORT/DJL speed x%5.2f   max rel. diff %.1e%n",
                        key,
                        d,
                        denseDjl / d,
                        o,
                        denseDjl / o,
                        d / o,
                        differences.get(key));
            }
        }
    }

    private static float[] djlInfer(Block block, NDManager manager, NDArray x) {
        try (NDManager scope = manager.newSubManager()) {
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(x), false);
            return out.head().toFloatArray();
        }
    }

    private static float[] ortInfer(OrtSession session, OnnxTensor input) throws OrtException {
        try (OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }
}
