package ai.acosp.core.compact;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A 2-D convolution (groups 1) over the live input channels of a compacted layer. Input channels
 * that were removed because they are spatially constant (a pruned channel after batch norm and
 * ReLU) still contribute {@code conv(constant map, W[:, removed])}; that term is carried exactly:
 *
 * <ul>
 *   <li>without padding it is the same at every position and already folded into the bias;
 *   <li>with zero padding it differs at the borders, so the block keeps the constant kernel {@code
 *       K = sum_c v_c W[:, c]} of shape {@code (out, 1, kh, kw)} and adds the bias map {@code
 *       conv2d(ones(1, 1, H, W), K)} (same stride, padding, dilation), computed once per input size
 *       and device and cached.
 *   <li>input channels that unpool a constant with the indices of a constant channel (SegNet's
 *       decoder, see {@link UnpoolPattern}) carry the value on a fixed grid: the block keeps their
 *       kernel {@code U} {@code (out, 1, kh, kw)} and adds {@code conv2d(grid(H, W), U)} to the
 *       same cached bias map.
 * </ul>
 *
 * <p>{@link #foldBatchNorm} makes the convolution compute {@code BN(conv(x))} of a following
 * inference-mode batch norm.
 *
 * <p>The layer runs exactly as saved on every machine: it never pads or reshapes anything for the
 * host. Where the engine's float32 convolutions are wrong (libtorch 2.7.1's oneDNN on one CPU
 * without AVX2), the tool scripts select oneDNN's SSE4.1 path before libtorch loads ({@code
 * ai.acosp.train.cpu.OneDnnPath}).
 */
public class CompactConv2d extends AbstractCompactLayer {

    private final long in;
    private final long out;
    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter constantKernel;
    private final Parameter unpooledKernel;
    private final Map<String, NDArray> biasMaps = new ConcurrentHashMap<>();

    /**
     * Creates the layer from cut arrays.
     *
     * @param geometry the original convolution, for kernel, stride, padding and dilation
     * @param weight the cut weight {@code (out, in, kh, kw)}; the layer takes ownership
     * @param bias the cut bias {@code (out)} or null
     * @param constantKernel the constant-input kernel {@code (out, 1, kh, kw)} or null
     * @param unpooledKernel the unpooled-constant kernel {@code (out, 1, kh, kw)} or null
     */
    public CompactConv2d(
            Conv2d geometry,
            NDArray weight,
            NDArray bias,
            NDArray constantKernel,
            NDArray unpooledKernel) {
        this(
                checkGroups(geometry).getKernelShape(),
                geometry.getStride(),
                geometry.getPadding(),
                geometry.getDilation(),
                weight,
                bias,
                constantKernel,
                unpooledKernel);
    }

    private CompactConv2d(
            Shape kernel,
            Shape stride,
            Shape padding,
            Shape dilation,
            NDArray weight,
            NDArray bias,
            NDArray constantKernel,
            NDArray unpooledKernel) {
        super(LayerSpec.CONV2D);
        out = weight.getShape().get(0);
        in = weight.getShape().get(1);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.weight = addParameter(parameter("weight", Parameter.Type.WEIGHT, weight, null));
        this.bias =
                bias == null
                        ? null
                        : addParameter(parameter("bias", Parameter.Type.BIAS, bias, null));
        this.constantKernel =
                constantKernel == null
                        ? null
                        : addParameter(
                                parameter(
                                        "constantKernel",
                                        Parameter.Type.OTHER,
                                        constantKernel,
                                        null));
        this.unpooledKernel =
                unpooledKernel == null
                        ? null
                        : addParameter(
                                parameter(
                                        "unpooledKernel",
                                        Parameter.Type.OTHER,
                                        unpooledKernel,
                                        null));
    }

    private static Conv2d checkGroups(Conv2d geometry) {
        if (geometry.getGroups() != 1) {
            throw new IllegalArgumentException("compaction supports convolutions with groups 1");
        }
        return geometry;
    }

    /**
     * Creates the layer from its spec; the parameters are filled by loading.
     *
     * @param spec the spec, of type {@link LayerSpec#CONV2D}
     */
    public CompactConv2d(LayerSpec spec) {
        super(LayerSpec.CONV2D);
        in = spec.in;
        out = spec.out;
        kernel = new Shape(spec.kernel);
        stride = new Shape(spec.stride);
        padding = new Shape(spec.padding);
        dilation = new Shape(spec.dilation);
        weight =
                addParameter(
                        parameter(
                                "weight",
                                Parameter.Type.WEIGHT,
                                null,
                                new Shape(out, in, kernel.get(0), kernel.get(1))));
        bias =
                spec.bias
                        ? addParameter(parameter("bias", Parameter.Type.BIAS, null, new Shape(out)))
                        : null;
        Shape kernelShape = new Shape(out, 1, kernel.get(0), kernel.get(1));
        constantKernel =
                spec.constantKernel
                        ? addParameter(
                                parameter(
                                        "constantKernel", Parameter.Type.OTHER, null, kernelShape))
                        : null;
        unpooledKernel =
                spec.unpooledKernel
                        ? addParameter(
                                parameter(
                                        "unpooledKernel", Parameter.Type.OTHER, null, kernelShape))
                        : null;
    }

    /**
     * The input channels.
     *
     * @return in
     */
    public long getInChannels() {
        return in;
    }

    /**
     * The output channels.
     *
     * @return out
     */
    public long getOutChannels() {
        return out;
    }

    /**
     * Whether the layer adds a bias map (for removed constant or unpooled-constant inputs).
     *
     * @return true with a constant or unpooled kernel
     */
    public boolean hasBiasMap() {
        return constantKernel != null || unpooledKernel != null;
    }

    /**
     * A copy of this convolution that also applies a following inference-mode batch norm: weight,
     * bias and the bias-map kernels are scaled per output channel by {@code gamma / sqrt(var +
     * eps)}, and {@code beta - mean * scale} is added to the bias. Exact in inference (up to float
     * rounding); the copy owns new arrays in this layer's manager and is initialised with this
     * layer's input shapes.
     *
     * @param bn the batch norm over this layer's output channels
     * @return the folded convolution
     */
    public CompactConv2d foldBatchNorm(CompactBatchNorm bn) {
        if (bn.getChannels() != out) {
            throw new IllegalArgumentException(
                    "batch norm of " + bn.getChannels() + " channels after a conv of " + out);
        }
        NDArray w = weight.getArray();
        NDManager owner = w.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDList affine = bn.affine(scope);
            NDArray scale = affine.get(0).toDevice(w.getDevice(), false);
            NDArray shift = affine.get(1).toDevice(w.getDevice(), false);
            NDArray perFilter = scale.reshape(-1, 1, 1, 1);
            NDArray[] arrays = {
                w.mul(perFilter),
                bias == null ? shift : bias.getArray().mul(scale).add(shift),
                constantKernel == null ? null : constantKernel.getArray().mul(perFilter),
                unpooledKernel == null ? null : unpooledKernel.getArray().mul(perFilter)
            };
            for (NDArray a : arrays) {
                if (a != null) {
                    a.attach(owner);
                }
            }
            CompactConv2d folded =
                    new CompactConv2d(
                            kernel, stride, padding, dilation, arrays[0], arrays[1], arrays[2],
                            arrays[3]);
            folded.initialize(owner, w.getDataType(), getInputShapes());
            return folded;
        }
    }

    /**
     * The number of multiply-adds per sample for an input of {@code height x width}.
     *
     * @param height the input height
     * @param width the input width
     * @return the multiply-adds of the convolution over live channels
     */
    public long macs(long height, long width) {
        Shape o = getOutputShapes(new Shape[] {new Shape(1, in, height, width)})[0];
        return o.get(2) * o.get(3) * out * in * kernel.get(0) * kernel.get(1);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().get(1) != in) {
            throw new IllegalArgumentException(
                    "compact conv of " + in + " input channels got " + x.getShape());
        }
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, x.getDevice(), training);
        NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow();
        if (hasBiasMap()) {
            // the convolution's output is fresh: in inference it can take the map in place
            y = training ? y.add(biasMap(x)) : y.addi(biasMap(x));
        }
        return new NDList(y);
    }

    private NDArray biasMap(NDArray x) {
        long height = x.getShape().get(2);
        long width = x.getShape().get(3);
        String key = height + "x" + width + "@" + x.getDevice();
        return biasMaps.computeIfAbsent(
                key,
                k -> {
                    NDManager owner = weight.getArray().getManager();
                    try (NDManager scope = owner.newSubManager()) {
                        NDArray map = null;
                        if (constantKernel != null) {
                            NDArray ones =
                                    scope.ones(
                                            new Shape(1, 1, height, width),
                                            x.getDataType(),
                                            x.getDevice());
                            map = mapOf(ones, constantKernel, x);
                        }
                        if (unpooledKernel != null) {
                            NDArray grid =
                                    UnpoolPattern.grid(scope, height, width)
                                            .toType(x.getDataType(), false)
                                            .toDevice(x.getDevice(), false);
                            NDArray term = mapOf(grid, unpooledKernel, x);
                            map = map == null ? term : map.add(term);
                        }
                        map.attach(owner);
                        return map;
                    }
                });
    }

    private NDArray mapOf(NDArray plane, Parameter kernelParam, NDArray x) {
        NDArray k = kernelParam.getArray().toDevice(x.getDevice(), false);
        return Conv2d.conv2d(plane, k, null, stride, padding, dilation, 1).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long[] shape = {s.get(0), out, 0, 0};
        for (int i = 0; i < 2; i++) {
            shape[2 + i] =
                    (s.get(2 + i) + 2 * padding.get(i) - dilation.get(i) * (kernel.get(i) - 1) - 1)
                                    / stride.get(i)
                            + 1;
        }
        return new Shape[] {new Shape(shape)};
    }

    /** {@inheritDoc} */
    @Override
    protected long[] channelCounts() {
        return new long[] {in, out};
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        super.loadMetadata(loadVersion, is);
        biasMaps.clear();
    }

    /** {@inheritDoc} */
    @Override
    protected void describe(LayerSpec spec) {
        spec.in = in;
        spec.out = out;
        spec.kernel = kernel.getShape();
        spec.stride = stride.getShape();
        spec.padding = padding.getShape();
        spec.dilation = dilation.getShape();
        spec.bias = bias != null;
        spec.constantKernel = constantKernel != null;
        spec.unpooledKernel = unpooledKernel != null;
    }
}
