package ai.acosp.core;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saves a model's parameters into a folder that keeps one parameter file.
 *
 * <p>DJL's {@code Model.save} numbers its file {@code <name>-<epoch>.params} one above the highest
 * already in the folder and leaves the older ones, so saving into the same folder again (a second
 * compaction, a new serving folder over an old one) piles up stale copies that still count in the
 * folder's size. Here the older files go only once the new one is written, so a failed save leaves
 * the previous model loadable.
 */
public final class ParameterFiles {

    private ParameterFiles() {}

    /**
     * Saves the model's parameters and removes the folder's older parameter files of that name.
     *
     * @param model the model
     * @param dir the folder (created)
     * @param name the file name's stem, which DJL's loader looks for
     * @throws IOException if writing or removing fails
     */
    public static void save(Model model, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        List<Path> older = list(dir, name);
        model.save(dir, name);
        for (Path file : older) {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The parameter files DJL would consider for a name.
     *
     * @param dir the folder
     * @param name the file name's stem
     * @return the files {@code <name>-NNNN.params}
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> list(Path dir, String name) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "-\\d{4}\\.params");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> pattern.matcher(f.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }
}
