package ai.acosp.train.optim;

import ai.acosp.core.nn.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * Stochastic gradient descent with momentum as {@code torch.optim.SGD} (no dampening, no Nesterov):
 * {@code g = grad + wd * w}; {@code v = mu * v + g} ({@code v = g} on the first step); {@code w -=
 * lr * v}.
 *
 * <p>DJL's {@code Sgd} folds the learning rate into the momentum buffer ({@code v = mu * v - lr *
 * g; w += v}), which differs from PyTorch as soon as the rate changes between steps, as it does
 * with the poly schedule; and its buffers cannot be saved.
 */
public class TorchSgd extends TorchOptimizer {

    private final float momentum;

    TorchSgd(Builder builder) {
        super(builder);
        momentum = builder.momentum;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected int bufferCount() {
        return 1;
    }

    /** {@inheritDoc} */
    @Override
    protected void step(NDArray weight, NDArray gradient, NDArray[] buffers, int step, float rate) {
        NDArray direction = gradient;
        if (momentum != 0f) {
            // the buffer starts at zero, so the first step gives v = g as in PyTorch
            NDArray velocity = buffers[0];
            velocity.muli(Scalars.of(velocity, momentum)).addi(gradient);
            direction = velocity;
        }
        weight.subi(direction.mul(Scalars.of(direction, rate)));
    }

    /** The builder of {@link TorchSgd}. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float momentum;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the momentum {@code mu}; default 0.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public TorchSgd build() {
            return new TorchSgd(this);
        }
    }
}
