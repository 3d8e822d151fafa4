package ai.acosp.core.compact;

import ai.acosp.core.ProbePass;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in of {@link ChannelGraph}'s wiring pass that wraps a container block and records its
 * inputs or outputs as {@link ChannelGraph.Site}s.
 */
final class TapProbe extends ProbePass.StandIn {
    private final List<ChannelGraph.TapRequest> requests;
    private final Map<String, ChannelGraph.Site> taps;

    TapProbe(
            Block inner,
            List<ChannelGraph.TapRequest> requests,
            Map<String, ChannelGraph.Site> taps) {
        super(inner);
        this.requests = requests;
        this.taps = taps;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = original().forward(ps, inputs, training, params);
        for (ChannelGraph.TapRequest request : requests) {
            NDArray x = (request.output() ? out : inputs).get(request.index());
            taps.put(request.key(), ChannelGraph.Site.of(request.key(), x));
        }
        return out;
    }
}
