package ai.acosp.models.onnx;

import ai.acosp.core.compact.CompactBatchNorm;
import ai.acosp.core.compact.CompactConv2d;
import ai.acosp.core.compact.CompactLinear;
import ai.acosp.core.compact.FoldedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.acosp.models.nn.AdaptiveAvgPool2d;
import ai.acosp.models.nn.ChannelDropout;
import ai.acosp.models.nn.ResidualBlock;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.pspnet.PyramidPooling;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.ConvBatchNormRelu;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports this project's models to ONNX (opset {@value OnnxGraph#OPSET}) for inference: SegNet,
 * PSPNet (without its auxiliary head) and ResNet-18 for CIFAR, each dense, masked (the masks'
 * current values scale the filters) or compacted ({@code ModelCompaction}; the bias maps of removed
 * constant channels become constants). Batch norms are folded into the convolutions before them.
 *
 * <p>The graph has one input {@code input} {@code (N, C, H, W)} and one output {@code logits}; the
 * batch {@code N} is free, the spatial size is fixed to the one given here because bias maps,
 * resampling matrices and pyramid pooling are constants for that size. The metadata properties say
 * so ({@code input_shape}, {@code fixed_size}).
 *
 * <pre>{@code
 * OnnxExporter.export(model.getBlock(), new Shape(1, 3, 473, 473), Map.of("arch", "psp"), file);
 * }</pre>
 */
public final class OnnxExporter {

    /** The graph input's name. */
    public static final String INPUT = "input";

    /** The graph output's name. */
    public static final String OUTPUT = "logits";

    private static final Map<Class<?>, BlockEmitter<?>> EMITTERS = emitters();

    private OnnxExporter() {}

    private static Map<Class<?>, BlockEmitter<?>> emitters() {
        Map<Class<?>, BlockEmitter<?>> m = new HashMap<>();
        ConvEmitter conv = new ConvEmitter();
        m.put(Conv2d.class, conv);
        m.put(MaskedConvolution.class, conv);
        m.put(CompactConv2d.class, conv);
        BatchNormEmitter bn = new BatchNormEmitter();
        m.put(BatchNorm.class, bn);
        m.put(CompactBatchNorm.class, bn);
        m.put(FoldedBatchNorm.class, bn);
        LinearEmitter linear = new LinearEmitter();
        m.put(Linear.class, linear);
        m.put(CompactLinear.class, linear);
        m.put(LambdaBlock.class, new LambdaEmitter());
        m.put(AdaptiveAvgPool2d.class, new ResamplingEmitter());
        m.put(SequentialBlock.class, new SequentialEmitter());
        m.put(ChannelDropout.class, (BlockEmitter<Block>) (b, x, c) -> x); // identity in inference
        m.put(
                ConvBatchNormRelu.class,
                (BlockEmitter<Block>) (b, x, c) -> c.emitChild(b, "cbr_unit", x));
        m.put(ResidualBlock.class, new ResidualBlockEmitter());
        m.put(PyramidPooling.class, new PyramidPoolingEmitter());
        m.put(PSPNet.class, new PspNetEmitter());
        m.put(SegNet.class, new SegNetEmitter());
        m.put(ResNet18Cifar.class, new ResNetEmitter());
        return m;
    }

    /**
     * The ONNX model of an initialised network for inputs of the given shape.
     *
     * @param model the network (SegNet, PSPNet or ResNet18Cifar; dense, masked or compact)
     * @param inputShape {@code (N, C, H, W)}; H and W are fixed in the graph, N is not
     * @param metadata extra metadata properties (e.g. arch, classes, normalisation)
     * @return the serialised model
     */
    public static byte[] toBytes(Block model, Shape inputShape, Map<String, String> metadata) {
        if (inputShape.dimension() != 4) {
            throw new IllegalArgumentException(
                    "expected an (N, C, H, W) input shape, got " + inputShape);
        }
        OnnxGraph graph = new OnnxGraph();
        Value input = new Value(graph.input(INPUT, inputShape), inputShape);
        Value output;
        try (NDManager manager = NDManager.newBaseManager()) {
            output = new ExportContext(graph, EMITTERS, manager).emit(model, "", input);
        }
        graph.output(graph.named(output.name(), OUTPUT), output.shape());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(
                "input_shape",
                "N," + inputShape.get(1) + "," + inputShape.get(2) + "," + inputShape.get(3));
        props.put(
                "fixed_size",
                "height and width are fixed to "
                        + inputShape.get(2)
                        + "x"
                        + inputShape.get(3)
                        + "; the batch N is free");
        props.put(
                "output_shape", "N," + output.shape().slice(1).toString().replaceAll("[() ]", ""));
        props.putAll(metadata);
        return graph.build(model.getClass().getSimpleName(), props).toByteArray();
    }

    /**
     * Writes the ONNX model of a network to a file (through a temporary file and a rename, so a
     * failure never leaves half a file).
     *
     * @param model the network
     * @param inputShape {@code (N, C, H, W)}
     * @param metadata extra metadata properties
     * @param file the {@code .onnx} file
     * @throws IOException if the file cannot be written
     */
    public static void export(
            Block model, Shape inputShape, Map<String, String> metadata, Path file)
            throws IOException {
        byte[] bytes = toBytes(model, inputShape, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a sibling temporary file with the usual permissions (createTempFile would make it
        // private)
        Path temp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(bytes);
            }
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
