package ai.acosp.train.inference;

import ai.acosp.models.io.WeightFileException;
import ai.acosp.models.onnx.OnnxExporter;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * An ONNX file exported by {@code tool/export.sh}, run by ONNX Runtime (CPU) behind DJL's {@link
 * ai.djl.nn.Block} interface, so that the sliding-window predictor runs it like the DJL network.
 * The exported graph has a fixed height and width ({@link #windowH()}, {@link #windowW()}); the
 * batch is free. Its weights are in the file: DJL's parameter file is never read into it.
 */
public final class OnnxRuntimeBlock extends AbstractBlock implements Closeable {

    /** The file name {@code tool/export.sh} writes. */
    public static final String FILE = "model.onnx";

    private final OrtSession session;
    private final int classes;
    private final int windowH;
    private final int windowW;
    private boolean closed;

    private OnnxRuntimeBlock(OrtSession session, int classes, int windowH, int windowW) {
        this.session = session;
        this.classes = classes;
        this.windowH = windowH;
        this.windowW = windowW;
    }

    /**
     * Opens an exported file.
     *
     * @param file the {@code model.onnx}
     * @return the block; close it to free the session
     * @throws WeightFileException if ONNX Runtime cannot read the file (truncated, corrupt, not
     *     ONNX) or its metadata lacks {@code classes} or {@code input_shape}
     * @throws IOException if the file cannot be opened
     */
    public static OnnxRuntimeBlock open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        OrtSession session;
        try {
            session =
                    OrtEnvironment.getEnvironment()
                            .createSession(file.toString(), new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw WeightFileException.unreadable(file, "an ONNX model", e);
        }
        try {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            String classes = meta.get("classes");
            String shape = meta.get("input_shape");
            if (classes == null || shape == null) {
                throw new WeightFileException(
                        file,
                        "no 'classes' or 'input_shape' metadata: export it with tool/export.sh",
                        null);
            }
            String[] dims = shape.split(",");
            return new OnnxRuntimeBlock(
                    session,
                    Integer.parseInt(classes),
                    Integer.parseInt(dims[2]),
                    Integer.parseInt(dims[3]));
        } catch (OrtException e) {
            close(session);
            throw WeightFileException.unreadable(file, "an ONNX model", e);
        } catch (IOException | RuntimeException e) {
            close(session);
            throw e;
        }
    }

    /**
     * Opens an exported file for a model, which then owns the session: closing the model (its
     * manager) closes it.
     *
     * @param file the {@code model.onnx}
     * @param owner the model whose manager closes the session
     * @return the block (not set as the model's block)
     * @throws IOException as {@link #open(Path)}
     */
    public static OnnxRuntimeBlock open(Path file, Model owner) throws IOException {
        OnnxRuntimeBlock block = open(file);
        owner.getNDManager().attachInternal(UUID.randomUUID().toString(), block);
        return block;
    }

    /**
     * The one line that says which window runs: the file's fixed input, which is or is not the
     * configuration's {@code test_h x test_w}.
     *
     * @param file the file, as the user named it
     * @param configured the configuration's recipe
     * @return the line
     */
    public String windowLine(Path file, InferenceSettings configured) {
        String window = windowH + "x" + windowW;
        String configuredWindow = configured.windowH() + "x" + configured.windowW();
        return "=> ONNX Runtime runs '"
                + file
                + "' on "
                + window
                + " windows"
                + (window.equals(configuredWindow)
                        ? " (test_h x test_w)"
                        : ", the file's fixed input, not test_h x test_w "
                                + configuredWindow
                                + " (export again with test_h and test_w to change it)");
    }

    /**
     * The number of classes.
     *
     * @return the output channels
     */
    public int classes() {
        return classes;
    }

    /**
     * The fixed input height.
     *
     * @return pixels
     */
    public int windowH() {
        return windowH;
    }

    /**
     * The fixed input width.
     *
     * @return pixels
     */
    public int windowW() {
        return windowW;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] data = x.toType(DataType.FLOAT32, false).toFloatArray();
        try (OnnxTensor input =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(data), x.getShape().getShape());
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new NDList(x.getManager().create(values, new Shape(out.getInfo().getShape())));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes, windowH, windowW)};
    }

    /** Reads nothing: the weights are in the ONNX file. */
    @Override
    public void loadParameters(NDManager manager, DataInputStream is) {}

    /** Closes the ONNX Runtime session; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            close(session);
        }
    }

    private static void close(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        }
    }
}
