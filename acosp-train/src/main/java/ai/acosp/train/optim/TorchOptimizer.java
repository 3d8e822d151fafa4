package ai.acosp.train.optim;

import ai.acosp.core.ArrayCopies;
import ai.acosp.core.nn.Scalars;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base of optimizers that follow {@code torch.optim} exactly and whose state (step count and
 * buffers per parameter) can be saved and restored, which DJL's own optimizers do not allow.
 *
 * <p>Each update runs in a scope that frees its temporaries, writes the weight in place and zeroes
 * the weight's gradient, as DJL's PyTorch optimizers do. The learning rate comes from a {@link
 * ParameterTracker} asked with the parameter id and its 1-based step.
 */
public abstract class TorchOptimizer extends Optimizer {

    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, Slot>> slots = new ConcurrentHashMap<>();

    /**
     * Creates the optimizer.
     *
     * @param builder the builder with weight decay and the learning-rate tracker
     */
    protected TorchOptimizer(Builder<?> builder) {
        super(builder);
        if (builder.learningRate == null) {
            throw new IllegalArgumentException("no learning-rate tracker set");
        }
        learningRate = builder.learningRate;
    }

    /** {@inheritDoc} */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        Slot slot = slot(parameterId, weight);
        slot.step++;
        float rate = learningRate.getNewValue(parameterId, slot.step);
        try (NDManager scope = NDManager.subManagerOf(weight)) {
            scope.tempAttachAll(weight, grad);
            scope.tempAttachAll(slot.buffers);
            // each new array costs a pass over fresh memory: x * 1 is x, and w * wd + g the
            // same bits as g + w * wd. Scalar operands are libtorch arrays of this scope (a Java
            // number leaves a direct buffer to the garbage collector, a small block in the
            // middle of the memory the next step's arrays need)
            NDArray gradient = rescaleGrad == 1f ? grad : grad.mul(Scalars.of(grad, rescaleGrad));
            float weightDecay = getWeightDecay();
            if (weightDecay != 0f) {
                gradient = weight.mul(Scalars.of(weight, weightDecay)).addi(gradient);
            }
            step(weight, gradient, slot.buffers, slot.step, rate);
            if (weight.hasGradient()) {
                NDArray own = weight.getGradient();
                own.subi(own);
            }
        }
    }

    /**
     * Allocates a parameter's state (its buffers, zero) ahead of its first update, e.g. before the
     * first training step, where it takes memory in one piece instead of the gaps that the first
     * step's freed activations leave (the heap then grows less in the next steps). The updates are
     * the same: the buffers start at zero either way. A parameter with state already (restored from
     * a checkpoint) keeps it.
     *
     * @param parameterId the parameter's id
     * @param weight its array
     */
    public void allocateState(String parameterId, NDArray weight) {
        slot(parameterId, weight);
    }

    /** The state of a parameter on the weight's device, made with zero buffers if new. */
    private Slot slot(String parameterId, NDArray weight) {
        Map<Device, Slot> byDevice =
                slots.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>());
        // a device seen for the first time copies the state of another one (restored state, or
        // the mirror of a parameter on several GPUs, which all get the same updates)
        Slot slot =
                byDevice.computeIfAbsent(
                        weight.getDevice(),
                        d ->
                                byDevice.isEmpty()
                                        ? new Slot()
                                        : byDevice.values().iterator().next().copyFor(weight));
        if (slot.buffers == null) {
            slot.buffers = new NDArray[bufferCount()];
            for (int i = 0; i < slot.buffers.length; i++) {
                slot.buffers[i] = weight.zerosLike(); // in the weight's manager
            }
        }
        return slot;
    }

    /**
     * Applies one update in place.
     *
     * @param weight the weight, updated in place
     * @param gradient the gradient with weight decay added; read only (it may be the weight's own
     *     gradient)
     * @param buffers this parameter's state buffers, updated in place
     * @param step the 1-based step of this parameter
     * @param rate the learning rate
     */
    protected abstract void step(
            NDArray weight, NDArray gradient, NDArray[] buffers, int step, float rate);

    /**
     * How many state buffers a parameter needs.
     *
     * @return the number of buffers
     */
    protected abstract int bufferCount();

    /**
     * The state of every parameter (its copy on the first device it was updated on), for a
     * checkpoint.
     *
     * @return parameter id to state; the arrays belong to the optimizer
     */
    public Map<String, ParameterState> exportState() {
        Map<String, ParameterState> state = new LinkedHashMap<>();
        slots.forEach(
                (id, byDevice) -> {
                    Slot slot = byDevice.values().iterator().next();
                    if (slot.buffers != null) {
                        state.put(id, new ParameterState(slot.step, slot.buffers));
                    }
                });
        return state;
    }

    /**
     * Restores the state of one parameter. Its buffers are copied into memory of their own on the
     * weight's device, owned by the weight's manager, so the saved arrays may be closed afterwards.
     *
     * @param parameterId the parameter id
     * @param weight the parameter's array, which gives device and shape
     * @param state the saved state
     * @throws IllegalArgumentException if the buffers do not fit the weight
     */
    public void importState(String parameterId, NDArray weight, ParameterState state) {
        if (state.buffers().length != bufferCount()) {
            throw new IllegalArgumentException(
                    "optimizer state of "
                            + parameterId
                            + " has "
                            + state.buffers().length
                            + " buffers, expected "
                            + bufferCount());
        }
        Slot slot = new Slot();
        slot.step = state.step();
        slot.buffers = new NDArray[state.buffers().length];
        for (int i = 0; i < slot.buffers.length; i++) {
            NDArray saved = state.buffers()[i];
            if (!saved.getShape().equals(weight.getShape())) {
                throw new IllegalArgumentException(
                        "optimizer state of "
                                + parameterId
                                + " has shape "
                                + saved.getShape()
                                + ", the parameter "
                                + weight.getShape());
            }
            slot.buffers[i] =
                    ArrayCopies.copyOf(
                            saved, weight.getDevice(), weight.getDataType(), weight.getManager());
        }
        slots.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>())
                .put(weight.getDevice(), slot);
    }

    /**
     * The state of one parameter.
     *
     * @param step how many updates it has had
     * @param buffers its buffers (momentum, or Adam's moments)
     */
    public record ParameterState(int step, NDArray[] buffers) {}

    private static final class Slot {
        private int step;
        private NDArray[] buffers;

        /** This state for the copy of the parameter on another device. */
        Slot copyFor(NDArray weight) {
            Slot copy = new Slot();
            copy.step = step;
            if (buffers != null) {
                copy.buffers = new NDArray[buffers.length];
                for (int i = 0; i < buffers.length; i++) {
                    copy.buffers[i] =
                            ArrayCopies.copyOf(
                                    buffers[i],
                                    weight.getDevice(),
                                    weight.getDataType(),
                                    weight.getManager());
                }
            }
            return copy;
        }
    }

    /**
     * The builder of a {@link TorchOptimizer}.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {

        private ParameterTracker learningRate;

        /** Creates a builder. */
        protected Builder() {}

        /**
         * Sets the learning rate tracker.
         *
         * @param learningRate gives the rate per parameter and step
         * @return this builder
         */
        public T setLearningRateTracker(ParameterTracker learningRate) {
            this.learningRate = learningRate;
            return self();
        }
    }
}
