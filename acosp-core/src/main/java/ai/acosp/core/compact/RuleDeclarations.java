package ai.acosp.core.compact;

import ai.acosp.core.compact.ChannelGraph.TapRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the {@link CompactionRule}s of a compactor declared for one network. */
final class RuleDeclarations implements CompactionRule.Context {

    final List<String> strips = new ArrayList<>();
    final List<TapRequest> taps = new ArrayList<>();
    final List<String[]> ties = new ArrayList<>();
    final Set<String> unpooledInputs = new HashSet<>();
    final Map<String, String> foldPairs = new HashMap<>();

    @Override
    public void tie(String pa, boolean oa, int ia, String pb, boolean ob, int ib) {
        TapRequest a = new TapRequest(pa, oa, ia);
        TapRequest b = new TapRequest(pb, ob, ib);
        taps.add(a);
        taps.add(b);
        ties.add(new String[] {a.key(), b.key()});
    }

    @Override
    public void strip(String path) {
        strips.add(path);
    }

    @Override
    public void unpooledInput(String path) {
        unpooledInputs.add(path);
    }

    @Override
    public void batchNormAfter(String convPath, String bnPath) {
        foldPairs.put(convPath, bnPath);
    }
}
