package ai.acosp.data.semseg;

import java.nio.file.Path;

/**
 * One line of a list file, with paths already resolved against {@code data_root}.
 *
 * @param image the image file
 * @param label the label file, or {@code null} for an image-only line
 * @param line the 1-based line number in the list file
 */
public record ListEntry(Path image, Path label, int line) {

    /**
     * Returns whether the line names a label.
     *
     * @return true when a label file is given
     */
    public boolean hasLabel() {
        return label != null;
    }
}
