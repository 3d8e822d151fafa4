package ai.acosp.core.measure;

import ai.acosp.core.ProbePass;
import ai.acosp.core.compact.CompactConv2d;
import ai.acosp.core.compact.CompactLinear;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiply-adds of a compacted network as it runs: one inference pass on random input records the
 * input shape of every {@link CompactConv2d} and {@link CompactLinear}. Counted are the
 * multiply-adds of the convolutions over their live input channels (the zero channels that {@link
 * CompactConv2d} pads to for the engine are not counted) and of linear layers, per sample; the
 * cached bias maps and batch norms cost additions only and are not counted.
 */
public final class CompactMacs {

    private CompactMacs() {}

    /**
     * Counts the multiply-adds per sample.
     *
     * @param model the compacted network, initialised; it is restored afterwards
     * @param inputShape the input shape including the batch axis
     * @return multiply-adds per sample
     */
    public static long count(Block model, Shape inputShape) {
        List<Probe> probes = new ArrayList<>();
        ProbePass.randomPass(
                model,
                inputShape,
                ProbePass.collecting(
                        (path, block) ->
                                block instanceof CompactConv2d || block instanceof CompactLinear
                                        ? new Probe(block)
                                        : null,
                        probes));
        long total = 0;
        for (Probe probe : probes) {
            total += probe.macs;
        }
        return total / inputShape.get(0);
    }

    /** Runs the layer and counts its multiply-adds. */
    private static final class Probe extends ProbePass.StandIn {
        long macs;

        Probe(Block inner) {
            super(inner);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            Shape s = inputs.head().getShape();
            if (original() instanceof CompactConv2d conv) {
                macs += s.get(0) * conv.macs(s.get(2), s.get(3));
            } else if (original() instanceof CompactLinear linear) {
                macs +=
                        s.size()
                                / s.get(s.dimension() - 1)
                                * linear.getInFeatures()
                                * linear.getOutFeatures();
            }
            return original().forward(ps, inputs, training, params);
        }
    }
}
