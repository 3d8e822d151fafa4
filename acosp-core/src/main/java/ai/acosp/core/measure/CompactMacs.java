package ai.acosp.core.measure;

import ai.acosp.core.BlockTree;
import ai.acosp.core.compact.CompactConv2d;
import ai.acosp.core.compact.CompactLinear;
import ai.acosp.core.nn.BlockParameters;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Multiply-adds of a compacted network as it runs: one inference pass on random input records
 * the input shape of every {@link CompactConv2d} and {@link CompactLinear}. Counted are the
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
        Parameter first = BlockParameters.first(model);
        List<Probe> probes = new ArrayList<>();
        BlockTree.replace(
                model,
                (path, block) -> {
                    if (block instanceof CompactConv2d || block instanceof CompactLinear) {
                        Probe probe = new Probe(block);
                        probes.add(probe);
                        return probe;
                    }
                    return block;
                });
        try {
            try (NDManager manager = first.getArray().getManager().newSubManager()) {
                NDArray x =
                        manager.randomNormal(0f, 1f, inputShape, DataType.FLOAT32, first.getArray().getDevice());
                model.forward(new ParameterStore(manager, false), new NDList(x), false);
            }
        } finally {
            BlockTree.replace(model, (path, block) -> block instanceof Probe p ? p.inner : block);
        }
        long total = 0;
        for (Probe probe : probes) {
            total += probe.macs;
        }
        return total / inputShape.get(0);
    }

    /** Runs the layer and counts its multiply-adds. */
    private static final class Probe extends AbstractBlock {
        final Block inner;
        long macs;

        Probe(Block inner) {
            this.inner = inner;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            Shape s = inputs.head().getShape();
            if (inner instanceof CompactConv2d conv) {
                macs += s.get(0) * conv.macs(s.get(2), s.get(3));
            } else if (inner instanceof CompactLinear linear) {
                macs += s.size() / s.get(s.dimension() - 1) * linear.getInFeatures() * linear.getOutFeatures();
            }
            return inner.forward(ps, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }
    }
}
