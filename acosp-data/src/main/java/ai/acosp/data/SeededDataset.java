package ai.acosp.data;

import ai.acosp.data.image.Normalization;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RandomAccessDataset} whose random augmentation is reproducible: sample {@code i} of
 * epoch {@code e} is always augmented with the stream {@link SampleSeeds#forSample(long, int, long)
 * forSample(seed, e, i)}.
 *
 * <p>Epochs: each call of {@code getData} (what DJL's {@code EasyTrain} does once an epoch) starts
 * the next epoch, beginning with the start epoch (0 unless set). Consume one epoch's iterable
 * before asking for the next. {@link #setEpoch(int)} moves the counter, e.g. when resuming at
 * {@code start_epoch}. {@link #get(NDManager, long, int)} names the epoch explicitly and is safe
 * from any thread.
 */
public abstract class SeededDataset extends RandomAccessDataset {

    private final long seed;
    private final Normalization normalization;
    private final DataType labelType;
    private final AtomicInteger nextEpoch;
    private volatile int currentEpoch;

    /**
     * Creates the dataset from its builder.
     *
     * @param builder the builder
     */
    protected SeededDataset(BaseBuilder<?> builder) {
        super(builder);
        this.seed = builder.seed;
        this.normalization = builder.normalization;
        this.labelType = builder.labelType;
        this.nextEpoch = new AtomicInteger(builder.startEpoch);
        this.currentEpoch = builder.startEpoch;
    }

    /**
     * Returns sample {@code index} as augmented in epoch {@code epoch}.
     *
     * @param manager the manager for the arrays
     * @param index the sample index
     * @param epoch the epoch whose random stream to use
     * @return the record
     * @throws IOException if the sample cannot be read
     */
    public abstract Record get(NDManager manager, long index, int epoch) throws IOException;

    /**
     * Returns sample {@code index} as augmented in the current epoch.
     *
     * @param manager the manager for the arrays
     * @param index the sample index
     * @return the record
     * @throws IOException if the sample cannot be read
     */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        return get(manager, index, currentEpoch);
    }

    /**
     * Starts the next epoch and returns its batches.
     *
     * @param manager the manager for the arrays
     * @param sampler the sampler
     * @param executorService the threads that prepare batches ahead, or {@code null}
     * @return the batches of the epoch
     * @throws IOException if the data cannot be prepared
     * @throws TranslateException if a DJL transform fails
     */
    @Override
    public Iterable<Batch> getData(
            NDManager manager, Sampler sampler, ExecutorService executorService)
            throws IOException, TranslateException {
        currentEpoch = nextEpoch.getAndIncrement();
        return super.getData(manager, sampler, executorService);
    }

    /**
     * Sets the epoch the next {@code getData} call starts.
     *
     * @param epoch the 0-based epoch
     */
    public void setEpoch(int epoch) {
        nextEpoch.set(epoch);
        currentEpoch = epoch;
    }

    /**
     * Returns the epoch of the latest {@code getData} call (before any, the start epoch).
     *
     * @return the epoch
     */
    public int getEpoch() {
        return currentEpoch;
    }

    /**
     * Returns the run seed.
     *
     * @return the seed
     */
    public long getSeed() {
        return seed;
    }

    /**
     * Returns the normalisation applied to images.
     *
     * @return the normalisation, or {@code null} when images keep 0..255
     */
    public Normalization getNormalization() {
        return normalization;
    }

    /**
     * Returns the data type of the labels.
     *
     * @return the label type
     */
    public DataType getLabelType() {
        return labelType;
    }

    /**
     * The builder options shared by seeded datasets.
     *
     * @param <T> the concrete builder type
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>>
            extends RandomAccessDataset.BaseBuilder<T> {

        long seed;
        int startEpoch;
        Normalization normalization;
        DataType labelType = DataType.INT32;

        /**
         * Creates the builder.
         *
         * @param defaultNormalization the normalisation unless {@link #optNormalization} is called
         */
        protected BaseBuilder(Normalization defaultNormalization) {
            this.normalization = defaultNormalization;
        }

        /**
         * Sets the run seed ({@code manual_seed}); default 0.
         *
         * @param seed the seed
         * @return this builder
         */
        public T optSeed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * Sets the epoch the first {@code getData} call starts; default 0.
         *
         * @param startEpoch the 0-based epoch
         * @return this builder
         */
        public T optStartEpoch(int startEpoch) {
            this.startEpoch = startEpoch;
            return self();
        }

        /**
         * Sets the normalisation of images; {@code null} keeps 0..255.
         *
         * @param normalization the normalisation
         * @return this builder
         */
        public T optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return self();
        }

        /**
         * Sets the label data type; default {@link DataType#INT32}. Also INT64, FLOAT32, UINT8.
         *
         * @param labelType the type
         * @return this builder
         */
        public T optLabelType(DataType labelType) {
            this.labelType = labelType;
            return self();
        }

        /** Batches of one in order, unless sampling was set. */
        protected void defaultSampling() {
            if (sampler == null) {
                setSampling(1, false);
            }
        }

        /**
         * Sets batching; {@code random} uses a {@link SeededShuffleSampler}, which follows the
         * dataset's seed and epoch, instead of DJL's unseeded {@code RandomSampler}.
         *
         * @param batchSize the batch size
         * @param random whether to shuffle every epoch
         * @param dropLast whether to drop the last incomplete batch (do so for training)
         * @return this builder
         */
        @Override
        public T setSampling(int batchSize, boolean random, boolean dropLast) {
            Sampler.SubSampler sub = random ? new SeededShuffleSampler() : new SequenceSampler();
            return setSampling(new BatchSampler(sub, batchSize, dropLast));
        }
    }
}
