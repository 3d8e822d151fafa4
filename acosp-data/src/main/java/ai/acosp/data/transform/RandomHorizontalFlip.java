package ai.acosp.data.transform;

import ai.acosp.data.image.ImageOps;
import java.util.random.RandomGenerator;

/** With probability {@code p} (0.5 in the recipe) mirrors image and label left-right. */
public final class RandomHorizontalFlip implements SegTransform {

    private final double probability;

    /** Creates the recipe's step with probability 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /**
     * Creates the step.
     *
     * @param probability the probability of flipping
     */
    public RandomHorizontalFlip(double probability) {
        this.probability = probability;
    }

    /** {@inheritDoc} */
    @Override
    public void apply(SegSample sample, RandomGenerator rng) {
        if (rng.nextDouble() < probability) {
            sample.setImage(ImageOps.flipHorizontal(sample.image()));
            if (sample.hasLabel()) {
                sample.setLabel(ImageOps.flipHorizontal(sample.label()));
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomHorizontalFlip[p=" + probability + "]";
    }
}
