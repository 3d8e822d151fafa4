package ai.acosp.models.compact;

import ai.acosp.core.compact.CompactModelFiles;
import ai.acosp.core.compact.CompactionResult;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
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
        CompactModelFiles.save(
                model, dir, ModelCompaction.architecture(model.getBlock()), result.stripped());
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
     * Builds the uncompacted architecture of a description.
     *
     * @param arch the {@code arch} object
     * @return the network
     */
    public static Block build(JsonObject arch) {
        String name = arch.get("arch").getAsString();
        int classes = arch.get("classes").getAsInt();
        return switch (name) {
            case "psp" ->
                    PSPNet.builder()
                            .setLayers(arch.get("layers").getAsInt())
                            .setClasses(classes)
                            .optZoomFactor(arch.get("zoom_factor").getAsInt())
                            .optUsePpm(!arch.has("use_ppm") || arch.get("use_ppm").getAsBoolean())
                            .build();
            case "segnet" ->
                    SegNet.builder()
                            .setClasses(classes)
                            .optInChannels(arch.has("in_channels") ? arch.get("in_channels").getAsLong() : 3)
                            .build();
            case "resnet18_cifar" -> ResNet18Cifar.builder().optClasses(classes).build();
            default -> throw new IllegalArgumentException("unknown compact architecture " + name);
        };
    }
}
