package ai.acosp.data.image;

import ai.acosp.data.DataFileException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Reads images as RGB float and label maps as 8-bit class ids; writes PNGs.
 *
 * <p>Every failure is a {@link DataFileException} naming the file: missing, unreadable, empty, not
 * an image, or (labels) not a single 8-bit channel. Palette (indexed-colour) PNG labels, as in
 * PASCAL VOC's {@code SegmentationClass}, are read as their palette indices.
 */
public final class ImageIo {

    private ImageIo() {}

    /**
     * Reads a colour image as RGB {@code CV_32FC3}, values 0..255. Gray images become three equal
     * channels; an alpha channel is dropped.
     *
     * @param file the image file
     * @return the image
     * @throws DataFileException if the file is missing, unreadable or not a decodable image
     */
    public static Mat readRgb(Path file) throws DataFileException {
        Mat bgr = decode(file, Imgcodecs.IMREAD_COLOR, "image");
        Mat rgb = new Mat();
        Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
        bgr.release();
        Mat out = new Mat();
        rgb.convertTo(out, CvType.CV_32FC3);
        rgb.release();
        return out;
    }

    /**
     * Reads a label map as {@code CV_8UC1} class ids.
     *
     * @param file the label file
     * @return the class map
     * @throws DataFileException if the file is missing, unreadable, not an image, not 8-bit or not
     *     single-channel
     */
    public static Mat readLabel(Path file) throws DataFileException {
        Mat m = decode(file, Imgcodecs.IMREAD_UNCHANGED, "label");
        if (m.channels() != 1) {
            int channels = m.channels();
            m.release();
            Mat indexed = readIndexedPng(file);
            if (indexed != null) {
                return indexed;
            }
            throw new DataFileException(
                    file, 0, "label is not single-channel (" + channels + " channels)");
        }
        if (m.depth() != CvType.CV_8U) {
            m.release();
            throw new DataFileException(file, 0, "label is not 8-bit");
        }
        return m;
    }

    /**
     * Writes an image; the format follows the extension ({@code .png} for labels). Colour images
     * are expected in RGB order; float images are rounded and saturated to 8 bits.
     *
     * @param file the file to write
     * @param image an RGB or single-channel image
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Mat image) throws IOException {
        OpenCv.load();
        Mat out = image;
        boolean owned = false;
        if (image.depth() != CvType.CV_8U) {
            out = new Mat();
            image.convertTo(out, CvType.CV_8U);
            owned = true;
        }
        if (out.channels() == 3) {
            Mat bgr = new Mat();
            Imgproc.cvtColor(out, bgr, Imgproc.COLOR_RGB2BGR);
            if (owned) {
                out.release();
            }
            out = bgr;
            owned = true;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String ext = file.getFileName().toString();
        ext = ext.contains(".") ? ext.substring(ext.lastIndexOf('.')) : ".png";
        MatOfByte buf = new MatOfByte();
        boolean ok = Imgcodecs.imencode(ext, out, buf);
        if (owned) {
            out.release();
        }
        if (!ok) {
            throw new DataFileException(file, 0, "cannot encode image as " + ext);
        }
        Files.write(file, buf.toArray());
        buf.release();
    }

    private static Mat decode(Path file, int flags, String what) throws DataFileException {
        OpenCv.load();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, 0, what + " not found", e);
        } catch (IOException e) {
            throw new DataFileException(file, 0, what + " unreadable: " + e, e);
        }
        if (bytes.length == 0) {
            // OpenCV's imdecode asserts on an empty buffer instead of returning an empty image
            throw new DataFileException(file, 0, what + " is an empty file (0 bytes)");
        }
        MatOfByte buf = new MatOfByte(bytes);
        Mat m;
        try {
            m = Imgcodecs.imdecode(buf, flags);
        } catch (CvException e) {
            throw new DataFileException(file, 0, what + " is not a decodable image", e);
        } finally {
            buf.release();
        }
        if (m.empty()) {
            throw new DataFileException(file, 0, what + " is not a decodable image");
        }
        return m;
    }

    /** Reads a palette PNG's indices, or returns null when the file is not a palette PNG. */
    private static Mat readIndexedPng(Path file) throws DataFileException {
        try {
            byte[] head = new byte[26];
            try (var in = Files.newInputStream(file)) {
                if (in.readNBytes(head, 0, head.length) < head.length) {
                    return null;
                }
            }
            // PNG signature, then the IHDR chunk: colour type 3 means indexed colour.
            if ((head[0] & 0xFF) != 0x89 || head[1] != 'P' || head[25] != 3) {
                return null;
            }
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (img == null || !(img.getColorModel() instanceof IndexColorModel)) {
                return null;
            }
            int h = img.getHeight();
            int w = img.getWidth();
            int[] idx = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
            byte[] data = new byte[idx.length];
            for (int i = 0; i < idx.length; i++) {
                data[i] = (byte) idx[i];
            }
            Mat m = new Mat(h, w, CvType.CV_8UC1);
            m.put(0, 0, data);
            return m;
        } catch (IOException e) {
            throw new DataFileException(file, 0, "label unreadable: " + e, e);
        }
    }
}
