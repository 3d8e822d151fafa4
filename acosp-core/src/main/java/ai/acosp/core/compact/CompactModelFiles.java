package ai.acosp.core.compact;

import ai.acosp.core.BlockTree;
import ai.acosp.core.ParameterFiles;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.util.JsonUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Saves and loads compact models without the pruning code or the original configuration: a
 * directory with {@code compact.json} (the architecture: a caller-defined {@code arch} object, the
 * removed paths and every compact layer's {@link LayerSpec}) and DJL's parameter file written by
 * {@link Model#save}.
 *
 * <pre>
 * {
 *   "format": "acosp-compact-1",
 *   "name": "segnet",
 *   "arch": {"arch": "segnet", "classes": 19},
 *   "stripped": [],
 *   "layers": [{"path": "down1/conv1/cbr_unit/01Conv2d", "type": "conv2d", "in": 3, "out": 16, ...}]
 * }
 * </pre>
 */
public final class CompactModelFiles {

    /** The description's file name. */
    public static final String DESCRIPTION = "compact.json";

    /** The format tag. */
    public static final String FORMAT = "acosp-compact-1";

    private CompactModelFiles() {}

    /**
     * Saves a compacted model.
     *
     * @param model the model holding the compacted block
     * @param dir the directory (created)
     * @param arch how to rebuild the uncompacted architecture, read back by the loader's factory
     * @param stripped the paths compaction removed ({@link CompactionResult#stripped()})
     * @throws IOException if writing fails
     */
    public static void save(Model model, Path dir, JsonObject arch, List<String> stripped)
            throws IOException {
        Files.createDirectories(dir);
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("name", model.getName());
        root.add("arch", arch);
        JsonArray strips = new JsonArray();
        stripped.forEach(strips::add);
        root.add("stripped", strips);
        root.add("layers", JsonUtils.GSON.toJsonTree(CompactionResult.specs(model.getBlock())));
        Files.writeString(
                dir.resolve(DESCRIPTION),
                JsonUtils.GSON_PRETTY.toJson(root) + "\n",
                StandardCharsets.UTF_8);
        ParameterFiles.save(model, dir, model.getName());
    }

    /**
     * Reads a saved description.
     *
     * @param dir the directory
     * @return the JSON object
     * @throws IOException if reading fails or the format is unknown
     */
    public static JsonObject readDescription(Path dir) throws IOException {
        JsonObject root =
                JsonParser.parseString(
                                Files.readString(dir.resolve(DESCRIPTION), StandardCharsets.UTF_8))
                        .getAsJsonObject();
        if (!root.has("format") || !FORMAT.equals(root.get("format").getAsString())) {
            throw new IOException(
                    dir.resolve(DESCRIPTION) + " is not an " + FORMAT + " description");
        }
        return root;
    }

    /**
     * Loads a compact model.
     *
     * @param dir the directory written by {@link #save}
     * @param architectures builds the uncompacted architecture from the {@code arch} object
     * @return the model, ready for inference
     * @throws IOException if reading fails
     * @throws MalformedModelException if the parameters do not fit
     */
    public static Model load(Path dir, Function<JsonObject, Block> architectures)
            throws IOException, MalformedModelException {
        JsonObject root = readDescription(dir);
        Block block = build(root, architectures);
        String name = root.get("name").getAsString();
        Model model = Model.newInstance(name);
        model.setBlock(block);
        model.load(dir, name);
        return model;
    }

    /**
     * Builds the compact network of a description, without parameters (a DJL {@code BlockFactory}
     * returns it and the model then reads the parameter file).
     *
     * @param root the description read by {@link #readDescription}
     * @param architectures builds the uncompacted architecture from the {@code arch} object
     * @return the compact network
     */
    public static Block build(JsonObject root, Function<JsonObject, Block> architectures) {
        Block block = architectures.apply(root.getAsJsonObject("arch"));
        List<String> stripped = new ArrayList<>();
        root.getAsJsonArray("stripped").forEach(e -> stripped.add(e.getAsString()));
        Compactor.strip(block, stripped);
        rebuild(block, List.of(JsonUtils.GSON.fromJson(root.get("layers"), LayerSpec[].class)));
        return block;
    }

    /**
     * Replaces the layers of an uncompacted architecture by compact layers built from specs.
     *
     * @param block the architecture
     * @param specs the layers
     * @throws IllegalStateException if a spec's path is not in the block
     */
    public static void rebuild(Block block, List<LayerSpec> specs) {
        Map<String, LayerSpec> byPath = new HashMap<>();
        specs.forEach(s -> byPath.put(s.path, s));
        int replaced =
                BlockTree.replace(
                        block,
                        (path, b) -> byPath.containsKey(path) ? byPath.get(path).toBlock() : b);
        if (replaced != specs.size()) {
            throw new IllegalStateException(
                    "the architecture has "
                            + replaced
                            + " of the "
                            + specs.size()
                            + " compact layers");
        }
    }
}
