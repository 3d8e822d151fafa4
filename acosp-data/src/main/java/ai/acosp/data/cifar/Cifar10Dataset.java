package ai.acosp.data.cifar;

import ai.acosp.data.DataFileException;
import ai.acosp.data.SampleSeeds;
import ai.acosp.data.SeededDataset;
import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.TensorConversion;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CIFAR-10 read from the official binary version in a local folder; nothing is downloaded.
 *
 * <p>Files: {@code data_batch_1.bin} .. {@code data_batch_5.bin} (train, 50,000 images) and {@code
 * test_batch.bin} (test, 10,000); each record is one label byte followed by 3072 bytes: the 32 x 32
 * red plane, then green, then blue.
 *
 * <p>Record layout: data = float32 {@code (3, 32, 32)}, normalised with {@link
 * Normalization#CIFAR10}; label = a scalar (shape {@code ()}) class id 0..9, INT32 by default.
 * Training augmentation (on by default for {@link Dataset.Usage#TRAIN}): random 32 x 32 crop of the
 * image padded by 4 zero pixels on every side, then horizontal flip with probability 0.5; both
 * drawn from the per-sample seed.
 */
public class Cifar10Dataset extends SeededDataset {

    /** Bytes per record: one label byte and 3 x 32 x 32 pixels. */
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;

    private static final int SIDE = 32;
    private static final int PLANE = SIDE * SIDE;
    private static final int PAD = 4;

    private final byte[][] records;
    private final boolean augment;

    /**
     * Creates the dataset from its builder.
     *
     * @param builder the builder
     */
    protected Cifar10Dataset(Builder builder) {
        super(builder);
        records = builder.records;
        augment = builder.augment;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the file names of a split.
     *
     * @param usage {@link Dataset.Usage#TRAIN} or {@link Dataset.Usage#TEST}
     * @return the file names in reading order
     */
    public static List<String> fileNames(Dataset.Usage usage) {
        List<String> names = new ArrayList<>();
        switch (usage) {
            case TRAIN:
                for (int i = 1; i <= 5; i++) {
                    names.add("data_batch_" + i + ".bin");
                }
                break;
            case TEST:
            case VALIDATION:
                names.add("test_batch.bin");
                break;
            default:
                throw new IllegalArgumentException("unsupported usage " + usage);
        }
        return names;
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index, int epoch) {
        byte[] rec = records[Math.toIntExact(index)];
        int label = rec[0] & 0xFF;
        float[] chw = new float[3 * PLANE];
        int dy = 0;
        int dx = 0;
        boolean flip = false;
        if (augment) {
            SplittableRandom rng =
                    new SplittableRandom(SampleSeeds.forSample(getSeed(), epoch, index));
            dy = rng.nextInt(2 * PAD + 1) - PAD;
            dx = rng.nextInt(2 * PAD + 1) - PAD;
            flip = rng.nextDouble() < 0.5;
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                int sy = y + dy;
                for (int x = 0; x < SIDE; x++) {
                    int ox = flip ? SIDE - 1 - x : x;
                    int sx = x + dx;
                    float v = 0f;
                    if (sy >= 0 && sy < SIDE && sx >= 0 && sx < SIDE) {
                        v = rec[1 + c * PLANE + sy * SIDE + sx] & 0xFF;
                    }
                    chw[c * PLANE + y * SIDE + ox] = v;
                }
            }
        }
        if (getNormalization() != null) {
            TensorConversion.normalizeChw(chw, PLANE, getNormalization());
        }
        NDArray data = manager.create(FloatBuffer.wrap(chw), new Shape(3, SIDE, SIDE));
        NDArray lab = manager.create(label).toType(getLabelType(), false);
        return new Record(new NDList(data), new NDList(lab));
    }

    /**
     * Returns the class id of a sample without building arrays.
     *
     * @param index the sample index
     * @return the label 0..9
     */
    public int getLabel(int index) {
        return records[index][0] & 0xFF;
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return records.length;
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // The files are read when the dataset is built.
    }

    /** The builder of {@link Cifar10Dataset}. */
    public static final class Builder extends SeededDataset.BaseBuilder<Builder> {

        private Path root;
        private Dataset.Usage usage = Dataset.Usage.TRAIN;
        private Boolean augmentSetting;
        private boolean augment;
        private byte[][] records;

        private Builder() {
            super(Normalization.CIFAR10);
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the folder holding the {@code .bin} files (required).
         *
         * @param root the folder
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Sets the split; default {@link Dataset.Usage#TRAIN} ({@code TEST} and {@code VALIDATION}
         * both read {@code test_batch.bin}).
         *
         * @param usage the split
         * @return this builder
         */
        public Builder optUsage(Dataset.Usage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Turns the training augmentation on or off; default on for TRAIN, off otherwise.
         *
         * @param augment whether to crop and flip randomly
         * @return this builder
         */
        public Builder optAugment(boolean augment) {
            this.augmentSetting = augment;
            return this;
        }

        /**
         * Reads the files and builds the dataset.
         *
         * @return the dataset
         * @throws IOException if a file is missing, unreadable or not a whole number of records
         */
        public Cifar10Dataset build() throws IOException {
            if (root == null) {
                throw new IllegalStateException("setRoot is required");
            }
            defaultSampling();
            augment = augmentSetting != null ? augmentSetting : usage == Dataset.Usage.TRAIN;
            List<byte[]> all = new ArrayList<>();
            for (String name : fileNames(usage)) {
                Path file = root.resolve(name);
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw new DataFileException(
                            file, 0, "CIFAR-10 file not found (the binary version is expected)", e);
                }
                if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                    throw new DataFileException(
                            file,
                            0,
                            "size "
                                    + bytes.length
                                    + " is not a positive multiple of "
                                    + RECORD_BYTES
                                    + " bytes");
                }
                for (int off = 0; off < bytes.length; off += RECORD_BYTES) {
                    if ((bytes[off] & 0xFF) > 9) {
                        throw new DataFileException(
                                file,
                                0,
                                "record "
                                        + off / RECORD_BYTES
                                        + " has label "
                                        + (bytes[off] & 0xFF));
                    }
                    byte[] rec = new byte[RECORD_BYTES];
                    System.arraycopy(bytes, off, rec, 0, RECORD_BYTES);
                    all.add(rec);
                }
            }
            records = all.toArray(new byte[0][]);
            return new Cifar10Dataset(this);
        }
    }
}
