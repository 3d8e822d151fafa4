package ai.acosp.core.measure;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ForwardScope;
import ai.acosp.core.ProbePass;
import ai.acosp.core.nn.BlockParameters;
import ai.acosp.core.nn.ChannelMask;
import ai.acosp.core.nn.MaskedBatchNorm;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv2dTranspose;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts parameters and multiply-adds of a masked network, dense and as its masks would leave it.
 * {@link CompactMacs} counts a compacted network as it runs.
 *
 * <p>A convolution weight counts as removed when its output channel is masked, or when its input
 * channel carries a masked channel of an earlier convolution that nothing in between brought back
 * (a residual sum with a live branch does; batch norm, activations, pooling, unpooling, upsampling,
 * dropout and concatenation do not). The input channels are found by a probe: one inference pass on
 * random input in which every masked convolution (its mask after it or after its batch norm, {@link
 * ai.acosp.core.nn.MaskedBatchNorm}) keeps exactly its {@code k} channels, batch norm leaves an
 * all-zero channel at zero and makes every other channel positive (so that no activation silences a
 * live channel), and each convolution, transposed convolution and linear layer records which of its
 * input channels are identically zero.
 *
 * <p>Parameters are the learnable ones (weights, biases, batch-norm scale and shift); mask logits
 * and running statistics are not counted. A batch norm whose input channel is removed loses its
 * scale and shift for that channel. Multiply-adds count convolutions, transposed convolutions and
 * linear layers, per sample; they are exact for {@code groups == 1}.
 */
public final class MaskedAccounting {

    private MaskedAccounting() {}

    /**
     * Measures an initialised model for one input shape.
     *
     * @param model the network, dense or with soft or hard masks; it is restored afterwards
     * @param inputShape the input shape including the batch axis, e.g. {@code (1, 3, 97, 97)}
     * @return the report
     */
    public static MaskedReport measure(Block model, Shape inputShape) {
        if (!model.isInitialized()) {
            throw new IllegalStateException("initialise the model before measuring it");
        }
        long denseTotal = LearnableParameters.count(model);
        List<Probe> probes = new ArrayList<>();
        // soft masks after batch norms select their convolutions' channels
        Map<Block, ChannelMask> afterBatchNorm = new IdentityHashMap<>();
        for (var entry : BlockTree.find(model, MaskedBatchNorm.class)) {
            afterBatchNorm.put(entry.getValue().getConvolution(), entry.getValue().getMask());
        }
        boolean[] masksOn = {true};
        ProbePass.run(
                model,
                manager -> {
                    NDArray input = ProbePass.randomInput(manager, inputShape);
                    ProbePass.forward(model, input, out -> {});
                    // the same pass without masks tells channels that are zero anyway (a ReLU
                    // that never fires) from channels that the masks removed
                    masksOn[0] = false;
                    ProbePass.forward(model, input, out -> {});
                },
                ProbePass.collecting(
                        (path, block) ->
                                isCounted(block)
                                                || block instanceof BatchNorm
                                                || block instanceof MaskedBatchNorm
                                        ? new Probe(path, block, afterBatchNorm.get(block), masksOn)
                                        : null,
                        probes));
        long samples = inputShape.get(0);
        List<MaskedReport.Layer> layers = new ArrayList<>();
        long removedBatchNorm = 0;
        for (Probe probe : probes) {
            if (probe.zeroWithMasks == null) {
                continue; // not reached in inference (e.g. an auxiliary head)
            }
            if (probe.isBatchNorm()) {
                removedBatchNorm += 2L * probe.removedInputs();
            } else if (probe.inputChannels > 0) {
                layers.add(probe.layer(samples));
            }
        }
        return new MaskedReport(layers, denseTotal, removedBatchNorm);
    }

    private static boolean isCounted(Block block) {
        return block instanceof MaskedConvolution
                || block instanceof Conv2d
                || block instanceof Conv2dTranspose
                || block instanceof Linear;
    }

    /** A stand-in that runs the original block and records what it sees. */
    private static final class Probe extends ProbePass.StandIn {

        final String path;
        final ChannelMask visibleMask;
        final boolean[] masksOn;
        boolean[] zeroWithMasks;
        boolean[] zeroWithoutMasks;
        long inputChannels;
        long outputChannels;
        long keptOutputs;
        long inputSpatial;
        long outputSpatial;
        long kernel = 1;
        long groups = 1;
        boolean transposed;
        boolean bias;

        Probe(String path, Block layer, ChannelMask visibleMask, boolean[] masksOn) {
            super(layer);
            this.path = path;
            this.visibleMask = visibleMask;
            this.masksOn = masksOn;
        }

        boolean isBatchNorm() {
            return original() instanceof BatchNorm || original() instanceof MaskedBatchNorm;
        }

        /** The mask that selects this convolution's output channels, or null. */
        ChannelMask mask() {
            return original() instanceof MaskedConvolution m ? m.getMask() : visibleMask;
        }

        /** Input channels that are zero with the masks and not without them. */
        long removedInputs() {
            long removed = 0;
            for (int c = 0; c < zeroWithMasks.length; c++) {
                if (zeroWithMasks[c] && !zeroWithoutMasks[c]) {
                    removed++;
                }
            }
            return removed;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            return ForwardScope.run(inputs, in -> record(parameterStore, in, params));
        }

        /** Runs the layer, records what it sees; only the layer's output outlives the call. */
        private NDList record(
                ParameterStore parameterStore, NDList inputs, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            NDArray zero = zeroChannels(x);
            inputChannels = x.getShape().get(1);
            if (masksOn[0]) {
                zeroWithMasks = zero.toBooleanArray();
            } else {
                zeroWithoutMasks = zero.toBooleanArray();
            }
            if (isBatchNorm()) {
                // the mask after a batch norm is counted at its convolution: only the norm runs
                Block norm =
                        original() instanceof MaskedBatchNorm m ? m.getBatchNorm() : original();
                NDArray y = norm.forward(parameterStore, inputs, false, params).singletonOrThrow();
                // positive where the input channel is not all zero: a channel that a ReLU would
                // silence on this input (a shift far below zero) is live all the same
                return new NDList(y.abs().add(1).mul(perChannel(zero.logicalNot(), y)));
            }
            Block conv = original() instanceof MaskedConvolution m ? m.getConv() : original();
            NDArray y = conv.forward(parameterStore, inputs, false, params).singletonOrThrow();
            outputChannels = y.getShape().get(1);
            if (!masksOn[0]) {
                return new NDList(y);
            }
            keptOutputs = outputChannels;
            if (mask() != null) {
                int[] kept = mask().keptIndices();
                keptOutputs = kept.length;
                float[] keep = new float[(int) outputChannels];
                for (int index : kept) {
                    keep[index] = 1f;
                }
                y =
                        y.mul(
                                perChannel(
                                        y.getManager().create(keep).toDevice(y.getDevice(), false),
                                        y));
            }
            inputSpatial = x.getShape().size() / x.getShape().get(0) / inputChannels;
            outputSpatial = y.getShape().size() / y.getShape().get(0) / outputChannels;
            if (conv instanceof Convolution c) {
                kernel = c.getKernelShape().size();
                groups = c.getGroups();
                bias = c.isIncludeBias();
            } else if (conv instanceof Conv2dTranspose) {
                Shape weight = BlockParameters.direct(conv, "weight").getShape();
                kernel = weight.get(2) * weight.get(3);
                transposed = true;
                bias = BlockParameters.direct(conv, "bias") != null;
            } else {
                bias = BlockParameters.direct(conv, "bias") != null;
            }
            return new NDList(y);
        }

        /** 1 for every channel of {@code x} (axis 1) that is zero everywhere, else 0. */
        private static NDArray zeroChannels(NDArray x) {
            long channels = x.getShape().get(1);
            return x.swapAxes(0, 1).reshape(channels, -1).abs().max(new int[] {1}).eq(0);
        }

        MaskedReport.Layer layer(long samples) {
            long inPerGroup = inputChannels / groups;
            long liveInputs = inputChannels - removedInputs();
            double liveShare = (double) liveInputs / inputChannels;
            long denseWeights = outputChannels * inPerGroup * kernel;
            long prunedWeights = Math.round(keptOutputs * inPerGroup * liveShare * kernel);
            long denseParams = denseWeights + (bias ? outputChannels : 0);
            long prunedParams = prunedWeights + (bias ? keptOutputs : 0);
            long spatial = transposed ? inputSpatial : outputSpatial;
            return new MaskedReport.Layer(
                    path,
                    mask() != null,
                    outputChannels,
                    keptOutputs,
                    inputChannels,
                    liveInputs,
                    denseParams,
                    prunedParams,
                    spatial * denseWeights,
                    spatial * prunedWeights);
        }
    }

    /** A per-channel vector in the data type of {@code like}, shaped to broadcast over it. */
    private static NDArray perChannel(NDArray values, NDArray like) {
        return ChannelMask.broadcastable(
                values.toType(like.getDataType(), false), like.getShape().dimension());
    }
}
