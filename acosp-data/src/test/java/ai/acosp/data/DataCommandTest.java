package ai.acosp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every kind of failure of this module's programs ends in one line and its exit code. */
class DataCommandTest {

    private static final String USAGE = "usage: Tool <folder>";

    @Test
    void badArgumentsEndInTheUsageWithCode2() {
        assertEquals(
                "error: no folder given; " + USAGE,
                expectFailure(
                        2,
                        () -> {
                            throw new DataCommand.UsageException("no folder given");
                        }));
        String line = expectFailure(2, () -> Integer.parseInt("many"));
        assertTrue(line.contains("\"many\"") && line.endsWith(USAGE), line);
    }

    @Test
    void dataFailuresNameTheFileWithCode3() throws Exception {
        Path missing = Path.of("no-such-folder-" + System.nanoTime());
        assertEquals(
                "error: no such file or folder: " + missing,
                expectFailure(3, () -> Files.list(missing).close()));
        assertEquals(
                "error: list.txt:4: expected 2 paths",
                expectFailure(
                        3,
                        () -> {
                            throw new DataFileException(Path.of("list.txt"), 4, "expected 2 paths");
                        }));
    }

    @Test
    void anythingElseEndsWithCode1AndSaysHowToSeeWhere() {
        String line =
                expectFailure(
                        1,
                        () -> {
                            throw new IllegalStateException("broken");
                        });
        assertTrue(line.contains("broken") && line.contains("ACOSP_DEBUG=1"), line);
        assertEquals(0, DataCommand.execute(USAGE, () -> {}, System.err, false));
    }

    private static String expectFailure(int code, DataCommand.Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit =
                DataCommand.execute(
                        USAGE, body, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(code, exit, text);
        assertTrue(
                text.endsWith("\n") && text.indexOf('\n') == text.length() - 1,
                "one line: " + text);
        return text.strip();
    }
}
