package ai.acosp.train.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void plainOutputIsOneLinePerTenthAndAFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress =
                new Progress(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        false,
                        "Training",
                        200,
                        "batches");
        for (int done = 1; done <= 199; done++) {
            progress.update(done, "loss 0.5");
        }
        progress.finish("done");
        String text = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        assertEquals(10, lines.length, text);
        assertFalse(text.contains("\r"), text);
        assertTrue(lines[0].startsWith("Training: 20/200 batches, "), lines[0]);
        assertTrue(lines[0].contains(" left, loss 0.5"), lines[0]);
        assertTrue(
                lines[9].startsWith("Training: 200/200 batches, ")
                        && lines[9].contains("took")
                        && lines[9].endsWith("done"),
                lines[9]);
    }

    @Test
    void terminalOutputRewritesOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress =
                new Progress(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        true,
                        "Testing",
                        4,
                        "images");
        for (int done = 1; done <= 3; done++) {
            progress.update(done, "");
        }
        progress.clear();
        progress.finish("mIoU 0.9");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), text);
        assertTrue(text.contains("] 4/4 images, "), text);
        assertTrue(text.contains("\r\033[KTesting [######------------------] 1/4 images"), text);
        assertTrue(text.trim().endsWith("mIoU 0.9"), text);
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:05", Progress.clock(4.6));
        assertEquals("2:03", Progress.clock(123));
        assertEquals("1:00:01", Progress.clock(3601));
    }
}
