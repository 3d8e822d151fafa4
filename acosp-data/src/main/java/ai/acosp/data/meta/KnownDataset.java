package ai.acosp.data.meta;

/** The data sets whose class names and palettes ship with this module. */
public enum KnownDataset {
    /** ADE20K SceneParsing, 150 classes, ignore label 255. */
    ADE20K("ade20k", 150, 255),
    /** Cityscapes, 19 train ids, ignore label 255. */
    CITYSCAPES("cityscapes", 19, 255),
    /** PASCAL VOC 2012, 21 classes with background, ignore label 255. */
    VOC2012("voc2012", 21, 255),
    /** CamVid (SegNet split), 11 classes, ignore label 11. */
    CAMVID("camvid", 11, 11);

    private final String key;
    private final int numClasses;
    private final int ignoreLabel;

    KnownDataset(String key, int numClasses, int ignoreLabel) {
        this.key = key;
        this.numClasses = numClasses;
        this.ignoreLabel = ignoreLabel;
    }

    /**
     * Returns the short name used in resource and config names, e.g. {@code ade20k}.
     *
     * @return the key
     */
    public String getKey() {
        return key;
    }

    /**
     * Returns the number of classes.
     *
     * @return the class count
     */
    public int getNumClasses() {
        return numClasses;
    }

    /**
     * Returns the usual ignore label.
     *
     * @return the ignore label
     */
    public int getIgnoreLabel() {
        return ignoreLabel;
    }

    /**
     * Returns the resource reference of the names file, e.g. {@code classpath:ade20k_names.txt}.
     *
     * @return a reference for {@link ClassPalette#readNames(String)}
     */
    public String namesResource() {
        return ClassPalette.CLASSPATH_PREFIX + key + "_names.txt";
    }

    /**
     * Returns the resource reference of the colours file.
     *
     * @return a reference for {@link ClassPalette#readColors(String)}
     */
    public String colorsResource() {
        return ClassPalette.CLASSPATH_PREFIX + key + "_colors.txt";
    }

    /**
     * Loads the bundled names and palette.
     *
     * @return the palette
     */
    public ClassPalette palette() {
        try {
            return ClassPalette.load(namesResource(), colorsResource());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("bundled metadata missing for " + key, e);
        }
    }

    /**
     * Finds a data set by key, ignoring case.
     *
     * @param key e.g. {@code cityscapes}
     * @return the data set
     */
    public static KnownDataset fromKey(String key) {
        for (KnownDataset d : values()) {
            if (d.key.equalsIgnoreCase(key)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + key + "'");
    }
}
