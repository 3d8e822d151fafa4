package ai.acosp.core.nn;

import ai.djl.nn.convolutional.Conv2d;

/** A {@link Conv2d} that the pruner never masks, the seed's {@code UnprunableConv2d}. */
public class UnprunableConv2d extends Conv2d implements Unprunable {

    /**
     * Creates the convolution from its builder.
     *
     * @param builder the builder
     */
    protected UnprunableConv2d(Builder builder) {
        super(builder);
    }

    /**
     * A builder with the same options as {@link Conv2d#builder()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The builder of {@link UnprunableConv2d}. */
    public static class Builder extends Conv2d.Builder {

        /** Creates a builder. */
        protected Builder() {}

        /** {@inheritDoc} */
        @Override
        public UnprunableConv2d build() {
            validate();
            return new UnprunableConv2d(this);
        }
    }
}
