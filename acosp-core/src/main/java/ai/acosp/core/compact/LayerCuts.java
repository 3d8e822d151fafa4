package ai.acosp.core.compact;

import ai.acosp.core.DjlInternals;
import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The per-layer-type functions that physically cut a layer: they take the channels to keep and the
 * values of removed constant inputs and return a compact block holding copies of the kept weights.
 * The original layer is left untouched.
 */
public final class LayerCuts {

    private LayerCuts() {}

    /**
     * Cuts a convolution, masked or not.
     *
     * @param block a {@link Conv2d} or a {@link MaskedConvolution} around one (its hard mask is
     *     folded in, so kept pruned filters become zero filters)
     * @param keepOut the output channels to keep, ascending
     * @param present per input channel, whether it is still there
     * @param values per input channel, the constant value of a removed channel (ignored where
     *     present)
     * @param unpooled per input channel, the value of a removed unpooled-constant channel on {@link
     *     UnpoolPattern#grid} (0 for other channels)
     * @return the compact convolution
     */
    public static CompactConv2d conv(
            Block block, int[] keepOut, boolean[] present, float[] values, float[] unpooled) {
        Conv2d conv = (Conv2d) (block instanceof MaskedConvolution m ? m.getConv() : block);
        Parameter weightParam = BlockParameters.direct(conv, "weight");
        Parameter biasParam = BlockParameters.direct(conv, "bias");
        NDArray w = weightParam.getArray();
        NDManager owner = w.getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray rows = index(scope, keepOut);
            NDArray weight = w.get(new NDIndex("{}", rows));
            NDArray bias =
                    biasParam == null || !biasParam.isInitialized()
                            ? null
                            : biasParam.getArray().get(new NDIndex("{}", rows));
            if (block instanceof MaskedConvolution masked) {
                NDArray mask =
                        masked.getMask()
                                .currentMask(scope)
                                .toType(w.getDataType(), false)
                                .get(new NDIndex("{}", rows));
                weight = weight.mul(mask.reshape(-1, 1, 1, 1));
                bias = bias == null ? null : bias.mul(mask);
            }
            int[] kept = where(present, true);
            int[] removed = where(present, false);
            NDArray constantKernel = null;
            if (removed.length > 0) {
                float[] v = pick(values, removed);
                if (!allZero(v)) {
                    NDArray vs =
                            scope.create(v).toType(w.getDataType(), false).reshape(1, -1, 1, 1);
                    constantKernel =
                            weight.get(new NDIndex(":, {}", index(scope, removed)))
                                    .mul(vs)
                                    .sum(new int[] {1}, true);
                }
            }
            NDArray unpooledKernel = null;
            if (removed.length > 0 && !allZero(pick(unpooled, removed))) {
                NDArray us =
                        scope.create(pick(unpooled, removed))
                                .toType(w.getDataType(), false)
                                .reshape(1, -1, 1, 1);
                unpooledKernel =
                        weight.get(new NDIndex(":, {}", index(scope, removed)))
                                .mul(us)
                                .sum(new int[] {1}, true);
            }
            NDArray keptWeight = weight.get(new NDIndex(":, {}", index(scope, kept)));
            boolean padded =
                    conv.getPadding().getShape()[0] != 0 || conv.getPadding().getShape()[1] != 0;
            if (constantKernel != null && !padded) {
                // every window lies inside the input: the constant term is the same everywhere
                NDArray term = constantKernel.sum(new int[] {1, 2, 3});
                bias = bias == null ? term : bias.add(term);
                constantKernel = null;
            }
            NDArray[] arrays = {keptWeight, bias, constantKernel, unpooledKernel};
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] != null) {
                    arrays[i] = packed(arrays[i], owner);
                }
            }
            return new CompactConv2d(conv, arrays[0], arrays[1], arrays[2], arrays[3]);
        }
    }

    /**
     * Cuts a batch norm to the channels still present at its input.
     *
     * @param bn the batch norm (axis 1)
     * @param present per channel, whether it is still there
     * @return the compact batch norm
     */
    public static CompactBatchNorm batchNorm(BatchNorm bn, boolean[] present) {
        int[] kept = where(present, true);
        NDArray[] arrays = new NDArray[4];
        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
        NDManager owner = BlockParameters.direct(bn, "runningMean").getArray().getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDArray rows = index(scope, kept);
            for (int i = 0; i < names.length; i++) {
                Parameter p = BlockParameters.direct(bn, names[i]);
                arrays[i] = packed(p.getArray().get(new NDIndex("{}", rows)), owner);
            }
        }
        if (DjlInternals.batchNormAxis(bn) != 1) {
            throw new IllegalArgumentException("compaction supports batch norms over axis 1");
        }
        return new CompactBatchNorm(
                arrays[0],
                arrays[1],
                arrays[2],
                arrays[3],
                DjlInternals.batchNormEpsilon(bn),
                DjlInternals.batchNormMomentum(bn));
    }

    /**
     * Cuts a linear layer's input features; removed constant features fold into the bias.
     *
     * @param linear the layer
     * @param present per input feature, whether it is still there
     * @param values per input feature, the constant value of a removed one
     * @return the compact linear layer
     */
    public static CompactLinear linear(Linear linear, boolean[] present, float[] values) {
        NDArray w = BlockParameters.direct(linear, "weight").getArray();
        Parameter biasParam = BlockParameters.direct(linear, "bias");
        NDManager owner = w.getManager();
        try (NDManager scope = owner.newSubManager()) {
            int[] kept = where(present, true);
            int[] removed = where(present, false);
            NDArray weight = w.get(new NDIndex(":, {}", index(scope, kept)));
            NDArray bias = biasParam == null ? null : biasParam.getArray().duplicate();
            if (removed.length > 0 && !allZero(pick(values, removed))) {
                NDArray v = scope.create(pick(values, removed)).toType(w.getDataType(), false);
                NDArray term =
                        w.get(new NDIndex(":, {}", index(scope, removed)))
                                .matMul(v.reshape(-1, 1))
                                .reshape(-1);
                bias = bias == null ? term : bias.add(term);
            }
            weight = packed(weight, owner);
            if (bias != null) {
                bias = packed(bias, owner);
            }
            return new CompactLinear(weight, bias);
        }
    }

    /**
     * A fresh, densely packed copy owned by {@code owner}. Arrays cut by advanced indexing can keep
     * unusual strides, which the native convolution did not always honour; a copy through Java
     * memory has the standard layout.
     */
    private static NDArray packed(NDArray array, NDManager owner) {
        NDArray copy =
                owner.create(
                        array.toType(DataType.FLOAT32, false).toFloatArray(), array.getShape());
        return copy.toType(array.getDataType(), false).toDevice(array.getDevice(), false);
    }

    static int[] where(boolean[] flags, boolean value) {
        int n = 0;
        for (boolean f : flags) {
            n += f == value ? 1 : 0;
        }
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static float[] pick(float[] values, int[] indices) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    private static boolean allZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    private static NDArray index(NDManager manager, int[] indices) {
        return manager.create(indices).toType(DataType.INT64, false);
    }
}
