package ai.acosp.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * libtorch's own {@code max_pool2d_with_indices}, {@code max_unpool2d}, {@code
 * upsample_bilinear2d(align_corners=True)}, {@code relu_}, the channels-last copy and cross entropy
 * with an ignore label ({@code log_softmax} and {@code nll_loss}), which DJL 0.36 does not expose,
 * reached through one-line TorchScript modules that this class writes in memory and libtorch
 * compiles on load. One pass over the data each, multi-threaded, with libtorch's autograd: the same
 * kernels PyTorch runs.
 *
 * <p>Each archive is what {@code torch.jit.save} writes for a module without parameters: the
 * TorchScript source of the class ({@code code/__torch__.py}), the pickled module object ({@code
 * data.pkl}: the class and its {@code training} flag), an empty constants tuple and the format
 * version. DJL hands only tensors to {@code forward}, so sizes travel as 2-element INT64 tensors.
 */
public final class AtenOperators {

    /** Holds the modules, loaded once per process on first use, in a manager never closed. */
    private static final class Modules {
        private static final NDManager MANAGER = NDManager.newBaseManager("PyTorch");
        static final PtSymbolBlock POOL =
                load(
                        "MaxPool2x2",
                        "x: Tensor",
                        "Tuple[Tensor, Tensor]",
                        "return torch.max_pool2d_with_indices(x, [2, 2], [2, 2])");
        static final PtSymbolBlock UNPOOL =
                load(
                        "MaxUnpool2d",
                        "x: Tensor, indices: Tensor, size: Tensor",
                        "Tensor",
                        "return torch.max_unpool2d(x, indices, [int(size[0]), int(size[1])])");
        static final PtSymbolBlock BILINEAR =
                load(
                        "BilinearAlignCorners",
                        "x: Tensor, size: Tensor",
                        "Tensor",
                        "return torch.upsample_bilinear2d(x, [int(size[0]), int(size[1])], True,"
                                + " None, None)");
        static final PtSymbolBlock CHANNELS_LAST =
                load(
                        "ChannelsLast",
                        "x: Tensor",
                        "Tensor",
                        // 2: c10::MemoryFormat::ChannelsLast
                        "return torch.contiguous(x, memory_format=2)");
        static final PtSymbolBlock RELU_IN_PLACE =
                load("ReluInPlace", "x: Tensor", "Tensor", "return torch.relu_(x)");
        private static final Map<Integer, PtSymbolBlock> CROSS_ENTROPY = new ConcurrentHashMap<>();

        /** The sum over counted pixels divided by their count (at least 1), per ignore label. */
        static PtSymbolBlock crossEntropy(int ignoreLabel) {
            return CROSS_ENTROPY.computeIfAbsent(
                    ignoreLabel,
                    label ->
                            load(
                                    "IgnoreLabelCrossEntropy",
                                    "x: Tensor, target: Tensor",
                                    "Tensor",
                                    // channels-last logits as (pixels, classes) rows: the
                                    // class axis is innermost there, and log_softmax over dim 1
                                    // of the 4-D view would first copy them back to NCHW
                                    "if torch.dim(x) == 4 and torch.is_contiguous(x,"
                                            + " memory_format=2):\n"
                                            + "      x = torch.reshape(torch.permute(x, [0, 2, 3,"
                                            + " 1]), [-1, torch.size(x, 1)])\n"
                                            + "      target = torch.reshape(target, [-1])\n"
                                            + "    return torch.div(torch.nll_loss_nd("
                                            + "torch.log_softmax(x, 1), target, None, 2, "
                                            + label
                                            + "), torch.clamp_min(torch.sum(torch.ne(target, "
                                            + label
                                            + ")), 1))"));
        }

        private static PtSymbolBlock load(
                String className, String parameters, String returns, String body) {
            String code =
                    "class "
                            + className
                            + "(Module):\n"
                            + "  __parameters__ = []\n"
                            + "  __buffers__ = []\n"
                            + "  training : bool\n"
                            + "  def forward(self: __torch__."
                            + className
                            + ", "
                            + parameters
                            + ") -> "
                            + returns
                            + ":\n"
                            + "    "
                            + body
                            + "\n";
            try {
                byte[] archive = archive(className, code);
                return JniUtils.loadModule(
                        (PtNDManager) MANAGER, new ByteArrayInputStream(archive), false, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private AtenOperators() {}

    /**
     * Whether these operators can run on the array: it is a PyTorch engine array.
     *
     * @param array the input
     * @return true for a PyTorch array
     */
    public static boolean supports(NDArray array) {
        return array instanceof PtNDArray;
    }

    /**
     * {@code torch.max_pool2d_with_indices(x, 2, 2)}.
     *
     * @param input an {@code (N, C, H, W)} PyTorch array
     * @return the NDList (values, INT64 indices), in the input's manager
     */
    static NDList maxPool2x2WithIndices(NDArray input) {
        return IValueUtils.forward(Modules.POOL, new NDList(input), true);
    }

    /**
     * {@code torch.max_unpool2d(values, indices, (height, width))}.
     *
     * @param values the pooled values
     * @param indices their INT64 flat indices
     * @param height the output height
     * @param width the output width
     * @return the unpooled array, in the values' manager
     */
    static NDArray maxUnpool(NDArray values, NDArray indices, long height, long width) {
        try (NDArray size = values.getManager().create(new long[] {height, width})) {
            return IValueUtils.forward(Modules.UNPOOL, new NDList(values, indices, size), true)
                    .singletonOrThrow();
        }
    }

    /**
     * {@code F.interpolate(x, (height, width), mode="bilinear", align_corners=True)}.
     *
     * @param input an {@code (N, C, H, W)} PyTorch array
     * @param height the output height
     * @param width the output width
     * @return the resized array, in the input's manager
     */
    static NDArray bilinearAlignCorners(NDArray input, long height, long width) {
        try (NDArray size = input.getManager().create(new long[] {height, width})) {
            return IValueUtils.forward(Modules.BILINEAR, new NDList(input, size), true)
                    .singletonOrThrow();
        }
    }

    /**
     * Softmax cross entropy over axis 1 averaged over the pixels whose label is not {@code
     * ignoreLabel}, 0 when there are none: libtorch's {@code log_softmax} and {@code nll_loss}, the
     * kernels of PyTorch's {@code F.cross_entropy(x, target, ignore_index=ignoreLabel)}.
     * Channels-last {@code (N, C, H, W)} logits are read as {@code (N*H*W, C)} rows, a view of the
     * same memory, and their gradient comes back channels-last.
     *
     * @param logits {@code (N, C, ...)} PyTorch array
     * @param target INT64 class ids {@code (N, ...)}
     * @param ignoreLabel the label of pixels that do not count
     * @return the scalar loss, in the logits' manager
     */
    public static NDArray crossEntropy(NDArray logits, NDArray target, int ignoreLabel) {
        return IValueUtils.forward(
                        Modules.crossEntropy(ignoreLabel), new NDList(logits, target), true)
                .singletonOrThrow();
    }

    /**
     * {@code x.contiguous(memory_format=torch.channels_last)}: the same values and shape with the
     * channels innermost in memory. libtorch's convolutions, batch norms, pooling and unpooling
     * keep that order, and oneDNN then runs on the activations as they are instead of reordering
     * each one to its blocked layout and back.
     *
     * @param input an {@code (N, C, H, W)} PyTorch array
     * @return a copy in channels-last memory (a second handle to the input's memory when it is so
     *     already), in the input's manager
     */
    public static NDArray channelsLast(NDArray input) {
        return IValueUtils.forward(Modules.CHANNELS_LAST, new NDList(input), true)
                .singletonOrThrow();
    }

    /**
     * {@code torch.relu_(x)}: the input's memory takes the result.
     *
     * @param input a PyTorch array that nothing else reads afterwards
     * @return a second handle to the input's memory, in the input's manager
     */
    static NDArray reluInPlace(NDArray input) {
        return IValueUtils.forward(Modules.RELU_IN_PLACE, new NDList(input), true)
                .singletonOrThrow();
    }

    /**
     * The TorchScript archive (a zip of stored entries under one top folder) of a module without
     * parameters or attributes other than {@code training}.
     */
    static byte[] archive(String className, String code) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            String top = "archive/";
            store(zip, top + "data.pkl", modulePickle(className));
            store(zip, top + "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            // pickle protocol 2 of an empty tuple
            store(zip, top + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            store(zip, top + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** Pickle protocol 2 of {@code __torch__.<className>} built empty, given {training: True}. */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80); // PROTO 2
        out.write(2);
        // GLOBAL module\nname\n
        out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(')'); // EMPTY_TUPLE: no constructor arguments
        out.write(0x81); // NEWOBJ
        out.write('}'); // EMPTY_DICT: the state
        out.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X'); // BINUNICODE, 4-byte little-endian length
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x88); // NEWTRUE
        out.write('u'); // SETITEMS
        out.write('b'); // BUILD: the object's state
        out.write('.'); // STOP
        return out.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
