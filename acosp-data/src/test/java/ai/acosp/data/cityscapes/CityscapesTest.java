package ai.acosp.data.cityscapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.data.image.ImageIo;
import ai.acosp.data.image.OpenCv;
import ai.acosp.data.image.TensorConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class CityscapesTest {

    @TempDir Path root;

    @Test
    void idTableRoundTrips() {
        int mapped = 0;
        for (int t = 0; t < CityscapesLabels.NUM_TRAIN_IDS; t++) {
            assertEquals(t, CityscapesLabels.toTrainId(CityscapesLabels.toLabelId(t)));
        }
        for (int id = 0; id < 34; id++) {
            int t = CityscapesLabels.toTrainId(id);
            if (t != CityscapesLabels.IGNORE) {
                mapped++;
                assertEquals(id, CityscapesLabels.toLabelId(t));
            }
        }
        assertEquals(19, mapped);
        assertEquals(0, CityscapesLabels.toTrainId(7)); // road
        assertEquals(13, CityscapesLabels.toTrainId(26)); // car
        assertEquals(18, CityscapesLabels.toTrainId(33)); // bicycle
        assertEquals(255, CityscapesLabels.toTrainId(0)); // unlabeled
        assertEquals(255, CityscapesLabels.toTrainId(9)); // parking
        assertEquals(0, CityscapesLabels.toLabelId(255));
    }

    @Test
    void convertsPngsAndListsTheTree() throws IOException {
        OpenCv.load();
        byte[] ids = new byte[34];
        for (int i = 0; i < 34; i++) {
            ids[i] = (byte) i;
        }
        Mat lab = new Mat(2, 17, CvType.CV_8UC1);
        lab.put(0, 0, ids);
        Path gt = root.resolve("gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png");
        ImageIo.write(gt, lab);
        ImageIo.write(
                root.resolve("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png"),
                new Mat(2, 17, CvType.CV_8UC3, new Scalar(1, 2, 3)));
        ImageIo.write(
                root.resolve("leftImg8bit/test/bonn/bonn_000000_000019_leftImg8bit.png"),
                new Mat(2, 17, CvType.CV_8UC3, new Scalar(1, 2, 3)));

        List<Path> written = CityscapesConverter.convertTree(root.resolve("gtFine"), false);
        assertEquals(1, written.size());
        Path trainIds =
                root.resolve("gtFine/train/aachen/aachen_000000_000019_gtFine_labelTrainIds.png");
        assertEquals(trainIds, written.get(0));
        byte[] t = TensorConversion.labelBytes(ImageIo.readLabel(trainIds));
        for (int i = 0; i < 34; i++) {
            assertEquals(CityscapesLabels.toTrainId(i), t[i] & 0xFF);
        }
        Path back = root.resolve("back.png");
        CityscapesConverter.toLabelIds(trainIds, back);
        byte[] b = TensorConversion.labelBytes(ImageIo.readLabel(back));
        for (int i = 0; i < 34; i++) {
            int expected = CityscapesLabels.toTrainId(i) == 255 ? 0 : i;
            assertEquals(expected, b[i] & 0xFF);
        }

        List<Path> lists = CityscapesListGenerator.generate(root, root.resolve("list"));
        assertEquals(2, lists.size());
        assertEquals(
                List.of(
                        "leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png"
                                + " gtFine/train/aachen/aachen_000000_000019_gtFine_labelTrainIds.png"),
                Files.readAllLines(root.resolve("list/fine_train.txt")));
        assertEquals(
                List.of("leftImg8bit/test/bonn/bonn_000000_000019_leftImg8bit.png"),
                Files.readAllLines(root.resolve("list/fine_test.txt")));

        Files.delete(trainIds);
        IOException e =
                assertThrows(IOException.class, () -> CityscapesListGenerator.lines(root, "train"));
        assertTrue(e.getMessage().contains("labelTrainIds.png: label not found"), e.getMessage());
    }
}
