package ai.acosp.train.optim;

import ai.acosp.core.nn.Scalars;
import ai.djl.ndarray.NDArray;

/**
 * Adam as {@code torch.optim.Adam} with L2 weight decay (added to the gradient, not decoupled):
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}, {@code w -= lr / (1 - b1^t) * m /
 * (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public class TorchAdam extends TorchOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    TorchAdam(Builder builder) {
        super(builder);
        beta1 = builder.beta1;
        beta2 = builder.beta2;
        epsilon = builder.epsilon;
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
        return 2;
    }

    /** {@inheritDoc} */
    @Override
    protected void step(NDArray weight, NDArray gradient, NDArray[] buffers, int step, float rate) {
        NDArray mean = buffers[0];
        NDArray variance = buffers[1];
        // the same operations as torch.optim.Adam, on as few new arrays as possible
        mean.muli(Scalars.of(mean, beta1)).addi(gradient.mul(Scalars.of(gradient, 1 - beta1)));
        variance.muli(Scalars.of(variance, beta2))
                .addi(gradient.square().muli(Scalars.of(gradient, 1 - beta2)));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        NDArray denominator =
                variance.sqrt()
                        .divi(Scalars.of(variance, (float) Math.sqrt(correction2)))
                        .addi(Scalars.of(variance, epsilon));
        weight.subi(mean.div(denominator).muli(Scalars.of(mean, (float) (rate / correction1))));
    }

    /** The builder of {@link TorchAdam}. */
    public static final class Builder extends TorchOptimizer.Builder<Builder> {

        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the betas; default (0.9, 0.999).
         *
         * @param beta1 the decay of the first moment
         * @param beta2 the decay of the second moment
         * @return this builder
         */
        public Builder optBetas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets epsilon; default 1e-8.
         *
         * @param epsilon added to the denominator
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public TorchAdam build() {
            return new TorchAdam(this);
        }
    }
}
