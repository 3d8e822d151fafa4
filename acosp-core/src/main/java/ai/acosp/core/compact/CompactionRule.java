package ai.acosp.core.compact;

import ai.djl.nn.Block;

/**
 * Model knowledge that the generic probe cannot see, registered with {@link
 * Compactor.Builder#addRule} for a block class. Residual sums and concatenations need no rule: the
 * probe sees them. A rule is needed where a block pairs channels of tensors that never reach a
 * layer as values (SegNet's unpooling uses the pooling indices of the same channel), or where a
 * part of the network is unused in inference and should be removed (PSPNet's auxiliary head).
 */
@FunctionalInterface
public interface CompactionRule {

    /**
     * Declares taps, ties and strips for one block of the rule's class.
     *
     * @param path the block's path ({@code ""} for the root)
     * @param block the block
     * @param context where to declare them
     */
    void apply(String path, Block block, Context context);

    /** What a rule can declare. */
    interface Context {

        /**
         * Requires channel {@code c} of two tensor sites to be kept or removed together. A site is
         * input or output {@code index} of the block at {@code path}.
         *
         * @param pathA the first block's path
         * @param outputA whether the first site is an output (else an input)
         * @param indexA the first site's index in the NDList
         * @param pathB the second block's path
         * @param outputB whether the second site is an output
         * @param indexB the second site's index
         */
        void tie(
                String pathA,
                boolean outputA,
                int indexA,
                String pathB,
                boolean outputB,
                int indexB);

        /**
         * Removes a child that inference never uses, replacing it by an empty (identity) {@link
         * ai.djl.nn.SequentialBlock}; saved compact models record the removal.
         *
         * @param path the child's path
         */
        void strip(String path);

        /**
         * Declares that the layer at {@code path} reads the output of a 2x2 max unpooling directly.
         * Its input channels that unpool a constant with the indices of a constant channel ({@link
         * ChannelGraph.Layer#isUnpooledConstant}) then count as removable: the layer carries them
         * exactly with a bias map over {@link UnpoolPattern#grid}.
         *
         * @param path the layer's path (a convolution, masked or not)
         */
        void unpooledInput(String path);

        /**
         * Declares that the batch norm at {@code bnPath} reads the output of the convolution at
         * {@code convPath} and that nothing else reads that output, so that an inference-only
         * compaction may fold the batch norm into the convolution. Pairs that sit next to each
         * other in a {@link ai.djl.nn.SequentialBlock} need no declaration.
         *
         * @param convPath the convolution's path
         * @param bnPath the batch norm's path
         */
        void batchNormAfter(String convPath, String bnPath);

        /**
         * Joins a parent path and a child name.
         *
         * @param path a path, possibly {@code ""}
         * @param child a child's name
         * @return the child's path
         */
        static String join(String path, String child) {
            return path.isEmpty() ? child : path + "/" + child;
        }
    }
}
