package ai.acosp.train.deploy;

import ai.acosp.core.MaskPlacement;
import ai.acosp.core.ParameterFiles;
import ai.acosp.data.image.Normalization;
import ai.acosp.train.checkpoint.AtomicFiles;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ConfigWriter;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.inference.InferenceSettings;
import ai.djl.Model;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The files that make a model folder loadable by DJL's {@code Criteria} and DJL Serving: {@code
 * serving.properties} (engine, translator and block factories, the test recipe), DJL's {@code
 * metadata.json} (so a plain {@code Criteria.optModelPath} finds the translator factory) and, for a
 * dense or masked network, the experiment's {@code config.yaml} that rebuilds its structure. A
 * compact folder ({@code compact.json}) describes its own structure.
 *
 * <p>Recipe keys (each can be overridden with {@code Criteria.optArgument}): {@value #CLASS_NAMES}
 * (comma-separated), {@value #BASE_SIZE}, {@value #WINDOW_H}, {@value #WINDOW_W}, {@value #SCALES}
 * (comma-separated), {@value #FLIP} ({@code true} or {@code false}; {@code true}, as in the test
 * phase, when absent), {@value #MEAN} and {@value #STD} (0..255 per channel).
 */
public final class ServingFolder {

    /** The DJL Serving file name. */
    public static final String PROPERTIES = "serving.properties";

    /** The argument naming the translator factory, as DJL reads it. */
    public static final String TRANSLATOR_FACTORY = "translatorFactory";

    /** The configuration a dense or masked folder is rebuilt from. */
    public static final String CONFIG = "config.yaml";

    /** The class names, comma-separated. */
    public static final String CLASS_NAMES = "class_names";

    /** The long side at scale 1. */
    public static final String BASE_SIZE = "base_size";

    /** The window height. */
    public static final String WINDOW_H = "test_h";

    /** The window width. */
    public static final String WINDOW_W = "test_w";

    /** The scales, comma-separated. */
    public static final String SCALES = "scales";

    /** Whether each window is averaged with its horizontally flipped copy. */
    public static final String FLIP = "flip";

    /** The normalisation mean, comma-separated. */
    public static final String MEAN = "mean";

    /** The normalisation standard deviation, comma-separated. */
    public static final String STD = "std";

    /** The mask structure of a dense or masked folder ({@code NONE}, {@code HARD}). */
    public static final String MASK_STATE = "mask_state";

    /**
     * The runtime argument: {@code djl} (the default) runs the folder's network on DJL's engine,
     * {@code onnxruntime} the folder's {@code model.onnx} (written there by {@code tool/export.sh})
     * on ONNX Runtime. Not {@code engine}, which DJL reads as the name of its own engine.
     */
    public static final String RUNTIME = "runtime";

    private ServingFolder() {}

    /**
     * Writes the files that make a model folder loadable: {@code serving.properties} (DJL Serving
     * and the recipe) and then DJL's {@code metadata.json} ({@link ModelZooMetadata}), which lists
     * every file of the folder with its checksum and so comes last.
     *
     * @param c the experiment's configuration (recipe and class names)
     * @param folder the model folder, its network and parameter file already written
     * @param maskState the mask structure of a dense or masked network, or null for a compact one
     * @throws IOException if the palette cannot be read or a file not written
     */
    public static void writeLoadingFiles(ExperimentConfig c, Path folder, MaskState maskState)
            throws IOException {
        Properties p = new Properties();
        p.putAll(arguments(c));
        if (maskState != null) {
            p.setProperty(MASK_STATE, maskState.name());
        }
        Files.createDirectories(folder);
        AtomicFiles.write(
                folder.resolve(PROPERTIES),
                out -> {
                    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    p.store(
                            writer,
                            "ACoSP model: load with DJL Criteria (Image -> CategoryMask) or DJL"
                                    + " Serving");
                    writer.flush();
                });
        writeMetadata(folder);
    }

    /**
     * The arguments {@code serving.properties} gives DJL's loader, from a configuration: the
     * engine, the translator and block factories and the recipe. Passed to {@code
     * Criteria.optArguments} they load a file that has no folder of its own (an exported {@code
     * .onnx} with {@value #RUNTIME} {@code onnxruntime}).
     *
     * @param c the experiment's configuration (recipe and class names)
     * @return the arguments, in the file's order
     * @throws IOException if the palette cannot be read
     */
    public static Map<String, String> arguments(ExperimentConfig c) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("engine", "PyTorch");
        p.put(TRANSLATOR_FACTORY, SegmentationTranslatorFactory.class.getName());
        p.put("blockFactory", SegmentationBlockFactory.class.getName());
        p.put(CLASS_NAMES, String.join(",", Palettes.of(c).getNames()));
        InferenceSettings recipe = InferenceSettings.of(c);
        p.put(BASE_SIZE, String.valueOf(recipe.baseSize()));
        p.put(WINDOW_H, String.valueOf(recipe.windowH()));
        p.put(WINDOW_W, String.valueOf(recipe.windowW()));
        p.put(SCALES, join(recipe.scales()));
        p.put(FLIP, String.valueOf(recipe.flip()));
        Normalization norm = recipe.normalization();
        p.put(MEAN, join(Arrays.stream(norm.mean()).boxed().collect(Collectors.toList())));
        p.put(STD, join(Arrays.stream(norm.std()).boxed().collect(Collectors.toList())));
        return p;
    }

    /**
     * Whether a folder is a model folder ({@code tool/compact.sh}'s or {@code tool/serving.sh}'s).
     *
     * @param folder the folder
     * @return true where it holds {@code serving.properties}
     */
    public static boolean isModelFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(PROPERTIES));
    }

    /**
     * Writes DJL's {@code metadata.json} of a model folder ({@link ModelZooMetadata}), which lists
     * every file of the folder with its checksum: call it after any file is added or replaced (such
     * as {@code model.onnx}), or DJL's copy of the folder lacks the file.
     *
     * @param folder the model folder
     * @throws IOException if the folder cannot be read or the file not written
     */
    public static void writeMetadata(Path folder) throws IOException {
        ModelZooMetadata.write(
                folder, Map.of(TRANSLATOR_FACTORY, SegmentationTranslatorFactory.class.getName()));
    }

    /**
     * Saves a dense or masked network as a model folder: its configuration, DJL's parameter file
     * named after the folder (the name DJL's loader looks for) and {@code serving.properties}.
     *
     * @param c the experiment's configuration
     * @param model the model holding the loaded network
     * @param folder the folder
     * @throws IOException if writing fails
     */
    public static void saveNetwork(ExperimentConfig c, Model model, Path folder)
            throws IOException {
        Files.createDirectories(folder);
        // the folder's network is rebuilt from this configuration: soft masks where they are now
        ExperimentConfig saved =
                c.with(
                        Map.of(
                                "mask_position",
                                MaskPlacement.isVisible(model.getBlock()) ? "batch_norm" : "conv"),
                        "the saved network");
        ConfigWriter.write(saved, folder.resolve(CONFIG));
        ParameterFiles.save(model, folder, folder.getFileName().toString());
        writeLoadingFiles(c, folder, MaskState.of(model.getBlock()));
    }

    private static String join(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
