package ai.acosp.train.experiment;

import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.meta.KnownDataset;
import ai.acosp.data.synthetic.SyntheticSegmentation;
import ai.acosp.train.config.ExperimentConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The class names and colours of an experiment: from {@code names_path} and {@code colors_path}
 * (files, or {@code classpath:} resources of acosp-data), else those shipped for the data set, else
 * names {@code class_<i>} with the PASCAL VOC colour scheme.
 */
public final class Palettes {

    private static final List<String> CIFAR10 =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");

    private Palettes() {}

    /**
     * The palette of an experiment.
     *
     * @param c the configuration
     * @return names and colours for {@code classes} classes
     * @throws IOException if a named file cannot be read
     */
    public static ClassPalette of(ExperimentConfig c) throws IOException {
        int classes = c.getInt("classes");
        ClassPalette palette;
        String names = c.getString("names_path");
        String colors = c.getString("colors_path");
        if (names != null || colors != null) {
            List<String> nameList =
                    names == null ? generatedNames(classes) : ClassPalette.readNames(names);
            int[][] colorList =
                    colors == null ? vocColors(nameList.size()) : ClassPalette.readColors(colors);
            palette = new ClassPalette(nameList, colorList);
        } else if ("synthetic".equals(c.getChoice("data_format"))) {
            palette = SyntheticSegmentation.palette();
        } else if ("cifar10".equals(c.getChoice("data_format"))) {
            palette = new ClassPalette(CIFAR10, vocColors(CIFAR10.size()));
        } else {
            palette = known(c.getDataset());
            if (palette == null) {
                palette = new ClassPalette(generatedNames(classes), vocColors(classes));
            }
        }
        if (palette.size() != classes) {
            throw c.fail(
                    names != null ? "names_path" : "classes",
                    "the class names list " + palette.size() + " classes, the config " + classes);
        }
        return palette;
    }

    private static ClassPalette known(String dataset) {
        try {
            return KnownDataset.fromKey(dataset).palette();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> generatedNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add("class_" + i);
        }
        return names;
    }

    /**
     * The PASCAL VOC colour map: the bits of the class id spread over R, G and B.
     *
     * @param classes the number of colours
     * @return RGB triples
     */
    static int[][] vocColors(int classes) {
        int[][] colors = new int[classes][3];
        for (int i = 0; i < classes; i++) {
            int id = i;
            for (int shift = 7; id != 0 && shift >= 0; shift--) {
                colors[i][0] |= (id & 1) << shift;
                colors[i][1] |= ((id >> 1) & 1) << shift;
                colors[i][2] |= ((id >> 2) & 1) << shift;
                id >>= 3;
            }
        }
        return colors;
    }
}
