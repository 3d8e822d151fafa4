package ai.acosp.data;

/**
 * Derives independent 64-bit seeds from a run seed, an epoch and a sample index.
 *
 * <p>The mixing is SplitMix64's finaliser applied in a chain, so nearby inputs give unrelated
 * seeds. A sample's random stream depends only on {@code (seed, epoch, index)}: never on thread
 * scheduling, batch composition or the number of workers.
 */
public final class SampleSeeds {

    private static final long SHUFFLE_TAG = 0x53485546464C45L; // "SHUFFLE"

    private SampleSeeds() {}

    /**
     * Returns the seed for the augmentation of one sample.
     *
     * @param seed the run seed ({@code manual_seed})
     * @param epoch the 0-based epoch
     * @param index the sample index in the dataset
     * @return a seed for a {@link java.util.SplittableRandom}
     */
    public static long forSample(long seed, int epoch, long index) {
        return mix(mix(mix(seed) + epoch) + index);
    }

    /**
     * Returns the seed for the sample order of one epoch.
     *
     * @param seed the run seed
     * @param epoch the 0-based epoch
     * @return a seed for a {@link java.util.SplittableRandom}
     */
    public static long forShuffle(long seed, int epoch) {
        return mix(mix(mix(seed ^ SHUFFLE_TAG) + epoch) ^ SHUFFLE_TAG);
    }

    /**
     * SplitMix64's finaliser: a bijective scramble of 64 bits.
     *
     * @param z the input
     * @return the scrambled value
     */
    public static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
