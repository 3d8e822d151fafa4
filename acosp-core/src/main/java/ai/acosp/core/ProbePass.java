package ai.acosp.core;

import ai.acosp.core.nn.BlockParameters;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Probe passes: inference passes through a network in which some blocks are temporarily replaced by
 * recording {@link StandIn}s. Accounting and compaction learn a network's shapes, channel counts
 * and wiring this way. {@link #run} puts the stand-ins in, gives the passes a manager of their own
 * for their inputs and puts the original blocks back afterwards, also when a pass fails; {@link
 * #forward} runs one pass whose intermediate arrays are freed when it returns.
 */
public final class ProbePass {

    private ProbePass() {}

    /**
     * A block that stands in for another during probe passes: it reports the original's output
     * shapes and is swapped back for the original afterwards. Subclasses implement {@link
     * #forwardInternal} and usually record something and run {@link #original()}.
     */
    public abstract static class StandIn extends AbstractBlock {

        private final Block original;

        /**
         * A stand-in for {@code original}.
         *
         * @param original the block put back after the passes
         */
        protected StandIn(Block original) {
            this.original = original;
        }

        /**
         * The block this one stands in for, put back after the passes.
         *
         * @return the original block
         */
        public final Block original() {
            return original;
        }

        /** {@inheritDoc} */
        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return original.getOutputShapes(inputShapes);
        }
    }

    /**
     * A replacer that puts a stand-in wherever {@code standIn} makes one and collects the stand-ins
     * in the order the walk met them.
     *
     * @param standIn given a path and block, the stand-in for it, or null to leave the block
     * @param into where the stand-ins are added
     * @param <S> the stand-in type
     * @return the replacer
     */
    public static <S extends StandIn> BlockTree.Replacer collecting(
            BiFunction<String, Block, S> standIn, List<? super S> into) {
        return (path, block) -> {
            S made = standIn.apply(path, block);
            if (made == null) {
                return block;
            }
            into.add(made);
            return made;
        };
    }

    /**
     * Replaces blocks by stand-ins, runs {@code passes} and restores the original blocks.
     *
     * @param root the initialised network; its tree is as before when this returns or throws
     * @param passes runs the passes, given a manager for their inputs that is closed afterwards
     * @param standIns replacers applied in order, each one walk over the tree (a later one may wrap
     *     a container whose children an earlier one replaced); each returns a {@link StandIn} or
     *     the block itself
     */
    public static void run(Block root, Consumer<NDManager> passes, BlockTree.Replacer... standIns) {
        NDManager parent = BlockParameters.first(root).getArray().getManager();
        try {
            for (BlockTree.Replacer replacer : standIns) {
                BlockTree.replace(root, replacer);
            }
            try (NDManager manager = parent.newSubManager()) {
                passes.accept(manager);
            }
        } finally {
            // a stand-in hides what it wraps from the walk: repeat until nested ones are back too
            while (BlockTree.replace(
                            root,
                            (path, block) -> block instanceof StandIn s ? s.original() : block)
                    > 0) {
                // walk again
            }
        }
    }

    /**
     * Replaces blocks by stand-ins, runs one inference pass on random input (see {@link
     * #randomInput}) and restores the original blocks.
     *
     * @param root the initialised network; its tree is as before when this returns or throws
     * @param inputShape the input shape including the batch axis
     * @param standIns replacers as for {@link #run}
     */
    public static void randomPass(Block root, Shape inputShape, BlockTree.Replacer... standIns) {
        run(root, manager -> forward(root, randomInput(manager, inputShape), out -> {}), standIns);
    }

    /**
     * An input of normal random values on the device of the manager {@link #run} gives the passes
     * (that of the network's parameters).
     *
     * @param manager the manager of the input
     * @param shape the input shape including the batch axis
     * @return the input
     */
    public static NDArray randomInput(NDManager manager, Shape shape) {
        return manager.randomNormal(0f, 1f, shape, DataType.FLOAT32, manager.getDevice());
    }

    /**
     * Runs one inference pass on a copy of {@code input} owned by a manager of its own, so that
     * every array of the pass is freed when it returns.
     *
     * @param root the network
     * @param input the input; it is not changed
     * @param outputs called with the outputs before they are freed
     */
    public static void forward(Block root, NDArray input, Consumer<NDList> outputs) {
        try (NDManager pass = input.getManager().newSubManager()) {
            NDArray x = ArrayCopies.copyOf(input, pass);
            outputs.accept(root.forward(new ParameterStore(pass, false), new NDList(x), false));
        }
    }
}
