package ai.acosp.data.transform;

import java.util.random.RandomGenerator;

/**
 * One step of the augmentation pipeline: changes an image/label pair in place.
 *
 * <p>All randomness must come from {@code rng}, so that a sample's augmentation is a function of
 * its seed.
 */
@FunctionalInterface
public interface SegTransform {

    /**
     * Applies the step.
     *
     * @param sample the pair to change
     * @param rng the random source for this sample
     */
    void apply(SegSample sample, RandomGenerator rng);

    /**
     * Returns a transform that applies this step, then {@code next}.
     *
     * @param next the following step
     * @return the composition
     */
    default SegTransform andThen(SegTransform next) {
        return (s, r) -> {
            apply(s, r);
            next.apply(s, r);
        };
    }
}
