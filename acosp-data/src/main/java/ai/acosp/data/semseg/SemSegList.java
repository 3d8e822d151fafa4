package ai.acosp.data.semseg;

import ai.acosp.data.DataFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parsed semseg list file.
 *
 * <p>Rules: blank lines are skipped; any other line holds one path (image only) or two paths
 * (image, label) separated by white space; all lines must agree on whether labels are given.
 * Absolute paths are kept, relative ones are resolved against {@code data_root}.
 */
public final class SemSegList {

    private final Path file;
    private final List<ListEntry> entries;

    private SemSegList(Path file, List<ListEntry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableList(entries);
    }

    /**
     * Reads and checks a list file.
     *
     * @param listFile the list file
     * @param dataRoot the folder the paths are relative to
     * @return the parsed list
     * @throws DataFileException if the file is missing or a line is malformed
     */
    public static SemSegList read(Path listFile, Path dataRoot) throws DataFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFileException(listFile, 0, "list file not found", e);
        } catch (IOException e) {
            throw new DataFileException(listFile, 0, "list file unreadable: " + e, e);
        }
        List<ListEntry> entries = new ArrayList<>();
        Boolean withLabels = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            int lineNo = i + 1;
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+");
            if (parts.length > 2) {
                throw new DataFileException(
                        listFile,
                        lineNo,
                        "expected 'image_path label_path' or 'image_path', got "
                                + parts.length
                                + " fields: '"
                                + text
                                + "'");
            }
            boolean hasLabel = parts.length == 2;
            if (withLabels == null) {
                withLabels = hasLabel;
            } else if (withLabels != hasLabel) {
                throw new DataFileException(
                        listFile,
                        lineNo,
                        (hasLabel ? "label given" : "label missing")
                                + " but earlier lines "
                                + (withLabels ? "give labels" : "give images only"));
            }
            Path image = resolve(dataRoot, parts[0]);
            Path label = hasLabel ? resolve(dataRoot, parts[1]) : null;
            entries.add(new ListEntry(image, label, lineNo));
        }
        if (entries.isEmpty()) {
            throw new DataFileException(listFile, 0, "list file has no samples");
        }
        return new SemSegList(listFile, entries);
    }

    private static Path resolve(Path root, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || root == null ? path : root.resolve(path);
    }

    /**
     * Returns the list file.
     *
     * @return the path it was read from
     */
    public Path getFile() {
        return file;
    }

    /**
     * Returns the entries in file order.
     *
     * @return an unmodifiable list
     */
    public List<ListEntry> getEntries() {
        return entries;
    }

    /**
     * Returns whether the entries give labels.
     *
     * @return true when every line names a label
     */
    public boolean hasLabels() {
        return entries.get(0).hasLabel();
    }

    /**
     * Returns the number of samples.
     *
     * @return the number of entries
     */
    public int size() {
        return entries.size();
    }
}
