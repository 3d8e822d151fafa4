package ai.acosp.models.nn;

import ai.acosp.core.ForwardScope;
import ai.acosp.core.nn.ContainerBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link ContainerBlock} with two helpers that keep model definitions short: {@link #runner} runs
 * named children in a forward pass and {@link #initializeChild} initialises a named child and
 * returns its output shapes. Both look the child up by name each time, so children replaced by the
 * pruner are used. The runner frees each child's temporaries when the child returns, so a block
 * keeps only the outputs of its children until it returns itself.
 */
public abstract class ModuleBlock extends ContainerBlock {

    /** Creates a block of version 1. */
    protected ModuleBlock() {}

    /**
     * A runner of this block's children for one forward pass.
     *
     * @param parameterStore the parameter store of this forward pass
     * @param training whether this is a training pass
     * @param params the forward parameters, passed on to the children
     * @return the runner
     */
    protected Runner runner(
            ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        return new Runner(parameterStore, training, params);
    }

    /**
     * Initialises the named child for the given input shapes.
     *
     * @param name the child's name
     * @param manager the manager of the parameters
     * @param dataType the parameters' data type
     * @param inputShapes the child's input shapes
     * @return the child's output shapes for these inputs
     */
    protected Shape[] initializeChild(
            String name, NDManager manager, DataType dataType, Shape... inputShapes) {
        child(name).initialize(manager, dataType, inputShapes);
        return child(name).getOutputShapes(inputShapes);
    }

    /**
     * The output shapes of the named child for the given input shapes.
     *
     * @param name the child's name
     * @param inputShapes the child's input shapes
     * @return its output shapes
     */
    protected Shape[] childOutputShapes(String name, Shape... inputShapes) {
        return child(name).getOutputShapes(inputShapes);
    }

    /** Runs named children of the enclosing block within one forward pass. */
    protected final class Runner {

        private final ParameterStore parameterStore;
        private final boolean training;
        private final PairList<String, Object> params;

        private Runner(
                ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
            this.parameterStore = parameterStore;
            this.training = training;
            this.params = params;
        }

        /**
         * Runs the named child on one array.
         *
         * @param name the child's name
         * @param input the input
         * @return the child's first output
         */
        public NDArray run(String name, NDArray input) {
            return run(name, new NDList(input)).head();
        }

        /**
         * Runs the named child in a {@link ForwardScope}: what it creates besides its outputs is
         * freed when it returns.
         *
         * @param name the child's name
         * @param inputs the inputs
         * @return the child's outputs, in the manager of the first input
         */
        public NDList run(String name, NDList inputs) {
            Block block = child(name);
            return ForwardScope.run(
                    inputs, in -> ChildForward.run(block, parameterStore, in, training, params));
        }

        /**
         * Whether this is a training pass.
         *
         * @return true in training
         */
        public boolean isTraining() {
            return training;
        }
    }
}
