package ai.acosp.models;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's {@code src-test-data} folder from the module directory. */
public final class TestData {

    private TestData() {}

    /**
     * A file under {@code src-test-data}.
     *
     * @param relative the path below src-test-data
     * @return the path
     */
    public static Path path(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("src-test-data");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(relative);
            }
        }
        throw new IllegalStateException(
                "src-test-data not found above " + Path.of("").toAbsolutePath());
    }
}
