package ai.acosp.core.compact;

import java.util.Map;

/**
 * What compaction did to one layer.
 *
 * @param path the layer's path
 * @param kind the layer kind
 * @param inBefore input channels before
 * @param inAfter input channels after
 * @param outBefore output channels before
 * @param outAfter output channels after
 * @param maskKept the channels its mask keeps ({@code outBefore} when unmasked)
 * @param keptPruned pruned filters that stay as zero filters, by channel, with the reason
 * @param foldedConstants removed constant input channels carried by the bias or bias map
 * @param biasMap whether the layer adds a position-dependent bias map
 * @param keptOutputs the kept output channels, ascending
 */
public record LayerChange(
        String path,
        ChannelGraph.Kind kind,
        long inBefore,
        long inAfter,
        long outBefore,
        long outAfter,
        long maskKept,
        Map<Integer, String> keptPruned,
        int foldedConstants,
        boolean biasMap,
        int[] keptOutputs) {}
