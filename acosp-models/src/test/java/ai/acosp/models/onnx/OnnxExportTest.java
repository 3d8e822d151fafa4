package ai.acosp.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.core.Inject;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.compact.CompactionChecks;
import ai.acosp.core.compact.SyntheticBatchNorms;
import ai.acosp.models.compact.ModelCompaction;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each model, dense and compact, exported to ONNX and run by ONNX Runtime (session created with all
 * graph optimisations, which also checks the file's structure) on the DJL model's input: the
 * outputs agree to 1e-4 relative error with the same argmax everywhere.
 */
class OnnxExportTest {

    private static final double TOLERANCE = 1e-4;

    /** Dense: initialised, batch norms with trained-looking statistics. */
    private static void dense(Block net, NDManager manager, Shape shape, long seed) {
        net.initialize(manager, DataType.FLOAT32, shape);
        SyntheticBatchNorms.randomize(net, seed);
    }

    /** Hard-masked with random masks at a sparsity (as the compaction tests prepare models). */
    private static void masked(
            Block net, NDManager manager, Shape shape, float sparsity, long seed) {
        dense(net, manager, shape, seed);
        SoftTopKPruner.builder()
                .setFinalSparsity(sparsity)
                .setEndingEpoch(1)
                .build()
                .configureModel(net);
        Inject.softToHardK(net);
        net.initialize(manager, DataType.FLOAT32, shape);
        SyntheticBatchNorms.randomize(net, seed);
    }

    /** Exports, runs on ORT and compares with DJL; returns the ONNX file size. */
    private static long check(Block net, NDManager manager, Shape shape, String what)
            throws OrtException {
        NDArray x = manager.randomNormal(0, 1, shape, DataType.FLOAT32);
        float[] expected = CompactionChecks.infer(net, manager, x);
        Shape outShape = net.getOutputShapes(new Shape[] {shape})[0];
        byte[] onnx = OnnxExporter.toBytes(net, shape, Map.of("arch", what));
        float[] actual = runOnnx(onnx, x.toFloatArray(), shape, what);
        double error = CompactionChecks.relativeError(expected, actual);
        System.out.printf("%s: %d bytes, relative error %.2e%n", what, onnx.length, error);
        assertTrue(error <= TOLERANCE, what + ": relative error " + error);
        assertEquals(
                0,
                CompactionChecks.argmaxMismatches(expected, actual, outShape),
                what + ": argmax differs");
        return onnx.length;
    }

    static float[] runOnnx(byte[] onnx, float[] input, Shape shape, String what)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, options);
                    OnnxTensor tensor =
                            OnnxTensor.createTensor(
                                    env, FloatBuffer.wrap(input), shape.getShape());
                    OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
                assertEquals(what, session.getMetadata().getCustomMetadata().get("arch"));
                assertTrue(session.getMetadata().getCustomMetadata().containsKey("fixed_size"));
                FloatBuffer out =
                        ((OnnxTensor) result.get(OnnxExporter.OUTPUT).get()).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }
    }

    @Test
    void segNetDenseMaskedAndCompactMatchOnnxRuntime() throws OrtException {
        Engine.getInstance().setRandomSeed(31);
        // batch 2 and odd sizes: pooling indices across planes and samples, unpooling to odd sizes
        Shape shape = new Shape(2, 3, 37, 45);
        try (NDManager manager = NDManager.newBaseManager()) {
            SegNet dense = SegNet.builder().setClasses(5).build();
            dense(dense, manager, shape, 1);
            check(dense, manager, shape, "segnet dense");

            SegNet net = SegNet.builder().setClasses(5).build();
            masked(net, manager, shape, 0.75f, 2);
            check(net, manager, shape, "segnet hard-masked"); // pruned channels tie in every window
            ModelCompaction.compact(net);
            check(net, manager, shape, "segnet compact");
        }
    }

    @Test
    void pspNet50DenseAndCompactMatchOnnxRuntime() throws OrtException {
        Engine.getInstance().setRandomSeed(32);
        Shape shape = new Shape(1, 3, 65, 65);
        try (NDManager manager = NDManager.newBaseManager()) {
            PSPNet dense = PSPNet.builder().setLayers(50).setClasses(7).build();
            dense(dense, manager, shape, 3);
            long denseBytes = check(dense, manager, shape, "pspnet50 dense");

            PSPNet net = PSPNet.builder().setLayers(50).setClasses(7).build();
            masked(net, manager, shape, 0.75f, 4);
            ModelCompaction.compact(net);
            long compactBytes = check(net, manager, shape, "pspnet50 compact");
            assertTrue(compactBytes < denseBytes / 4, denseBytes + " -> " + compactBytes);
        }
    }

    @Test
    void resNet18DenseSoftMaskedAndCompactMatchOnnxRuntime() throws OrtException {
        Engine.getInstance().setRandomSeed(33);
        Shape shape = new Shape(4, 3, 32, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            ResNet18Cifar dense = ResNet18Cifar.builder().build();
            dense(dense, manager, shape, 5);
            check(dense, manager, shape, "resnet18 dense");

            ResNet18Cifar soft = ResNet18Cifar.builder().build();
            dense(soft, manager, shape, 7);
            SoftTopKPruner.builder()
                    .setFinalSparsity(0.75f)
                    .setEndingEpoch(4)
                    .build()
                    .configureModel(soft);
            soft.initialize(manager, DataType.FLOAT32, shape);
            check(soft, manager, shape, "resnet18 soft-masked"); // the masks' current values

            ResNet18Cifar net = ResNet18Cifar.builder().build();
            masked(net, manager, shape, 0.75f, 6);
            ModelCompaction.compact(net);
            check(net, manager, shape, "resnet18 compact");
        }
    }
}
