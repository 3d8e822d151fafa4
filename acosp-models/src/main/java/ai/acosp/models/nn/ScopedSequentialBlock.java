package ai.acosp.models.nn;

import ai.acosp.core.ForwardScope;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link SequentialBlock} that frees what it no longer needs while it runs: each child runs in a
 * {@link ForwardScope} (its own temporaries go when it returns), and each intermediate output is
 * closed as soon as the next child has produced its output. DJL's own sequential block keeps every
 * intermediate until the caller's manager closes, which at PSPNet-50's 713x713 is about a gigabyte
 * in stage 3 alone. Everything else (children, names, parameters, saving, rewriting by the pruner)
 * is the sequential block's.
 */
public class ScopedSequentialBlock extends SequentialBlock {

    /** Creates an empty block. */
    public ScopedSequentialBlock() {}

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (isReturnIntermediate()) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDList current = inputs;
        for (Block child : getChildren().values()) {
            NDList next =
                    ForwardScope.run(
                            current,
                            in -> ChildForward.run(child, parameterStore, in, training, null));
            ForwardScope.closeAllBut(current, next, inputs);
            current = next;
        }
        return current;
    }
}
