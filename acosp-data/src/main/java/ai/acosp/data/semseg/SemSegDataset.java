package ai.acosp.data.semseg;

import ai.acosp.data.DataFileException;
import ai.acosp.data.SampleSeeds;
import ai.acosp.data.SeededDataset;
import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.transform.SegSample;
import ai.acosp.data.transform.SegTransform;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * A semseg list file as a DJL dataset.
 *
 * <p>Record layout: data = one float32 array {@code (3, H, W)}, the RGB image after the transform,
 * normalised; label = one array {@code (H, W)} of class ids, INT32 by default ({@link
 * Builder#optLabelType}), with {@code ignore_label} (255) where a pixel has no class or lies in
 * padding. Lists without labels give an empty label list. {@code H x W} is the crop size when a
 * crop is part of the transform, otherwise the image size (images of different sizes cannot be
 * stacked into one batch).
 *
 * <pre>{@code
 * SegAugmentation aug = SegAugmentation.builder().setCropSize(473, 473)
 *         .optScale(0.5, 2.0).optRotate(-10, 10).optIgnoreLabel(255).build();
 * SemSegDataset train = SemSegDataset.builder()
 *         .setDataRoot(dataRoot).setListFile(trainList)
 *         .optTransform(aug.training())
 *         .optSeed(manualSeed)
 *         .setSampling(batchSize, true, true)      // shuffle, drop the last incomplete batch
 *         .optPrefetchNumber(2 * workers)
 *         .build();
 * ExecutorService pool = DataLoaderExecutors.create(workers);
 * for (Batch b : train.getData(manager, pool)) { ... }
 * }</pre>
 *
 * <p>Errors name the list file and line: a missing or unreadable image or label, an image/label
 * size mismatch, a label that is not single-channel 8-bit, and (with {@link Builder#optNumClasses})
 * label values outside {@code 0..classes-1} other than {@code ignore_label}. A bad sample is never
 * replaced by an empty one.
 */
public class SemSegDataset extends SeededDataset {

    private final SemSegList list;
    private final SegTransform transform;
    private final int numClasses;
    private final int ignoreLabel;

    /**
     * Creates the dataset from its builder.
     *
     * @param builder the builder
     */
    protected SemSegDataset(Builder builder) {
        super(builder);
        list = builder.list;
        transform = builder.transform;
        numClasses = builder.numClasses;
        ignoreLabel = builder.ignoreLabel;
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
    public Record get(NDManager manager, long index, int epoch) throws IOException {
        try (SegSample sample = readSample(Math.toIntExact(index))) {
            if (transform != null) {
                transform.apply(
                        sample,
                        new SplittableRandom(SampleSeeds.forSample(getSeed(), epoch, index)));
            }
            NDList data =
                    new NDList(
                            TensorConversion.toImageTensor(
                                    manager, sample.image(), getNormalization()));
            NDList label =
                    sample.hasLabel()
                            ? new NDList(
                                    TensorConversion.toLabelTensor(
                                            manager, sample.label(), getLabelType()))
                            : new NDList();
            return new Record(data, label);
        }
    }

    /**
     * Reads sample {@code index} as stored, without transform: the RGB float image (0..255) and its
     * label (or none). The test recipe starts from this. The caller closes the sample.
     *
     * @param index the sample index
     * @return the sample
     * @throws DataFileException if the image or label is missing, unreadable or inconsistent
     */
    public SegSample readSample(int index) throws DataFileException {
        ListEntry e = list.getEntries().get(index);
        Mat image = readAt(e, e.image(), false);
        Mat label = null;
        if (e.hasLabel()) {
            try {
                label = readAt(e, e.label(), true);
            } catch (DataFileException ex) {
                image.release();
                throw ex;
            }
            if (label.rows() != image.rows() || label.cols() != image.cols()) {
                String msg =
                        "image "
                                + e.image()
                                + " is "
                                + image.rows()
                                + "x"
                                + image.cols()
                                + " but label "
                                + e.label()
                                + " is "
                                + label.rows()
                                + "x"
                                + label.cols();
                image.release();
                label.release();
                throw new DataFileException(list.getFile(), e.line(), msg);
            }
            if (numClasses > 0) {
                checkValues(e, label, image);
            }
        }
        return new SegSample(image, label);
    }

    private Mat readAt(ListEntry e, Path file, boolean isLabel) throws DataFileException {
        try {
            return isLabel ? ImageIo.readLabel(file) : ImageIo.readRgb(file);
        } catch (DataFileException ex) {
            // Re-anchor the message at the list file line that names the file.
            throw new DataFileException(list.getFile(), e.line(), ex.getMessage(), ex);
        }
    }

    private void checkValues(ListEntry e, Mat label, Mat image) throws DataFileException {
        byte[] bytes = TensorConversion.labelBytes(label);
        boolean[] seen = new boolean[256];
        for (byte b : bytes) {
            seen[b & 0xFF] = true;
        }
        for (int v = numClasses; v < 256; v++) {
            if (seen[v] && v != ignoreLabel) {
                image.release();
                label.release();
                throw new DataFileException(
                        list.getFile(),
                        e.line(),
                        "label "
                                + e.label()
                                + " holds value "
                                + v
                                + ", not a class id (0.."
                                + (numClasses - 1)
                                + ") nor ignore_label "
                                + ignoreLabel);
            }
        }
    }

    /**
     * Returns the parsed list file.
     *
     * @return the list
     */
    public SemSegList getList() {
        return list;
    }

    /**
     * Returns list entry {@code index} (its image path names prediction files).
     *
     * @param index the sample index
     * @return the entry
     */
    public ListEntry getEntry(int index) {
        return list.getEntries().get(index);
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return list.size();
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // The list file is parsed when the dataset is built; images are read on demand.
    }

    /** The builder of {@link SemSegDataset}. */
    public static final class Builder extends SeededDataset.BaseBuilder<Builder> {

        private Path dataRoot;
        private Path listFile;
        private SemSegList list;
        private SegTransform transform;
        private int numClasses;
        private int ignoreLabel = 255;

        private Builder() {
            super(Normalization.IMAGENET);
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the folder the list file's paths are relative to ({@code data_root}).
         *
         * @param dataRoot the folder
         * @return this builder
         */
        public Builder setDataRoot(Path dataRoot) {
            this.dataRoot = dataRoot;
            return this;
        }

        /**
         * Sets the list file ({@code train_list}, {@code val_list}, {@code test_list}).
         *
         * @param listFile the list file
         * @return this builder
         */
        public Builder setListFile(Path listFile) {
            this.listFile = listFile;
            return this;
        }

        /**
         * Sets the augmentation; default none (full images).
         *
         * @param transform e.g. {@code SegAugmentation.training()}
         * @return this builder
         */
        public Builder optTransform(SegTransform transform) {
            this.transform = transform;
            return this;
        }

        /**
         * Enables the check that every label value is a class id or {@code ignore_label}; off by
         * default.
         *
         * @param numClasses the number of classes ({@code classes})
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Sets {@code ignore_label} for the label value check; default 255.
         *
         * @param ignoreLabel the ignore label
         * @return this builder
         */
        public Builder optIgnoreLabel(int ignoreLabel) {
            this.ignoreLabel = ignoreLabel;
            return this;
        }

        /**
         * Parses the list file and builds the dataset.
         *
         * @return the dataset
         * @throws DataFileException if the list file is missing or malformed
         */
        public SemSegDataset build() throws DataFileException {
            if (listFile == null) {
                throw new IllegalStateException("setListFile is required");
            }
            defaultSampling();
            list = SemSegList.read(listFile, dataRoot);
            return new SemSegDataset(this);
        }
    }
}
