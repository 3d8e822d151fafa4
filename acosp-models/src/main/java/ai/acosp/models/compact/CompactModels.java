package ai.acosp.models.compact;

import ai.acosp.core.compact.CompactModelFiles;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.models.Architecture;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Saving and loading compact models of this project: a directory with {@code compact.json} (arch,
 * layers, classes, zoom and every layer's channel counts) and DJL's parameter file. Loading needs
 * neither the pruning code nor the training configuration.
 *
 * <pre>{@code
 * try (Model model = CompactModels.load(Path.of("exp/cityscapes/segnet/compact"))) {
 *     NDList out = model.getBlock().forward(new ParameterStore(model.getNDManager(), false), in, false);
 * }
 * }</pre>
 */
public final class CompactModels {

    /** What compact folders written before this name changed call ResNet-18. */
    private static final String LEGACY_RESNET18 = "resnet18_cifar";

    private CompactModels() {}

    /**
     * Saves a compacted model.
     *
     * @param model the model holding the compacted network
     * @param dir the directory
     * @param result the compaction's result (for the removed paths)
     * @throws IOException if writing fails
     */
    public static void save(Model model, Path dir, CompactionResult result) throws IOException {
        CompactModelFiles.save(model, dir, describe(model.getBlock()), result.stripped());
    }

    /**
     * Loads a compact model saved by {@link #save}.
     *
     * @param dir the directory
     * @return the model, ready for inference (its block is the compact network)
     * @throws IOException if reading fails
     * @throws MalformedModelException if the parameters do not fit the description
     */
    public static Model load(Path dir) throws IOException, MalformedModelException {
        return CompactModelFiles.load(dir, CompactModels::build);
    }

    /**
     * Whether a directory holds a compact model.
     *
     * @param dir the directory
     * @return true when it has a {@code compact.json}
     */
    public static boolean isCompactModel(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(CompactModelFiles.DESCRIPTION));
    }

    /**
     * The description of a network's architecture that {@link #build} reads: {@code arch}, {@code
     * classes}, and {@code layers}, {@code zoom_factor} and {@code use_ppm} for PSPNet or {@code
     * in_channels} for SegNet.
     *
     * @param model the network (before or after compaction)
     * @return the {@code arch} object
     * @throws IllegalArgumentException for blocks that are none of this project's networks
     */
    public static JsonObject describe(Block model) {
        Architecture architecture = Architecture.of(model);
        JsonObject arch = new JsonObject();
        arch.addProperty("arch", architecture.name());
        if (Architecture.PSP.equals(architecture.name())) {
            arch.addProperty("layers", architecture.layers());
            arch.addProperty("classes", architecture.classes());
            arch.addProperty("zoom_factor", architecture.zoomFactor());
            arch.addProperty("use_ppm", architecture.usePpm());
        } else if (Architecture.SEGNET.equals(architecture.name())) {
            arch.addProperty("classes", architecture.classes());
            arch.addProperty("in_channels", architecture.inChannels());
        } else {
            arch.addProperty("classes", architecture.classes());
        }
        return arch;
    }

    /**
     * Builds the uncompacted architecture of a description written by {@link #describe}. Folders
     * written before ResNet-18 took its configuration name say {@code resnet18_cifar}; they load
     * too.
     *
     * @param arch the {@code arch} object
     * @return the network
     */
    public static Block build(JsonObject arch) {
        String name = arch.get("arch").getAsString();
        if (LEGACY_RESNET18.equals(name)) {
            name = Architecture.RESNET18;
        }
        return new Architecture(
                        name,
                        arch.get("classes").getAsInt(),
                        arch.has("layers") ? arch.get("layers").getAsInt() : 0,
                        arch.has("zoom_factor") ? arch.get("zoom_factor").getAsInt() : 1,
                        !arch.has("use_ppm") || arch.get("use_ppm").getAsBoolean(),
                        arch.has("in_channels") ? arch.get("in_channels").getAsLong() : 3)
                .build();
    }
}
