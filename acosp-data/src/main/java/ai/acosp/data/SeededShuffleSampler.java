package ai.acosp.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A shuffling {@link Sampler.SubSampler} whose order is a function of a seed and the epoch.
 *
 * <p>For a {@link SeededDataset} the seed and epoch are the dataset's; for any other dataset the
 * sampler uses its own seed and counts the epochs itself (one per {@link #sample} call). Unlike
 * DJL's {@code RandomSampler} it draws from a seeded generator and produces a uniform Fisher-Yates
 * permutation.
 */
public class SeededShuffleSampler implements Sampler.SubSampler {

    private final long seed;
    private int calls;

    /** Creates a sampler that takes its seed and epoch from a {@link SeededDataset}. */
    public SeededShuffleSampler() {
        this(0L);
    }

    /**
     * Creates a sampler with a seed for datasets that are not a {@link SeededDataset}.
     *
     * @param seed the seed
     */
    public SeededShuffleSampler(long seed) {
        this.seed = seed;
    }

    /** {@inheritDoc} */
    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long runSeed;
        int epoch;
        if (dataset instanceof SeededDataset seeded) {
            runSeed = seeded.getSeed();
            epoch = seeded.getEpoch();
        } else {
            synchronized (this) {
                runSeed = seed;
                epoch = calls++;
            }
        }
        long[] order = permutation(Math.toIntExact(dataset.size()), runSeed, epoch);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Long next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return order[next++];
            }
        };
    }

    /**
     * Returns the permutation of {@code 0..size-1} used for one epoch.
     *
     * @param size the number of samples
     * @param seed the run seed
     * @param epoch the epoch
     * @return the sample order
     */
    public static long[] permutation(int size, long seed, int epoch) {
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(SampleSeeds.forShuffle(seed, epoch));
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
