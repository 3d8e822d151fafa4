package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads and writes state dicts (tensors by name) in the formats PyTorch users exchange, without
 * Python:
 *
 * <ul>
 *   <li>{@code torch.save} files ({@code .pth}, {@code .pt}) in the zip or the legacy format: a
 *       state dict, or a dict holding it under {@code "state_dict"} (see {@link TorchCheckpoint});
 *   <li>safetensors ({@link Safetensors});
 *   <li>NumPy {@code .npz} archives (one {@code .npy} entry per tensor).
 * </ul>
 *
 * <p>The format is recognised from the file's first bytes. Floating tensors are read as FLOAT32;
 * keys are returned as stored (a {@code module.} prefix is removed by {@link WeightImporter}).
 */
public final class StateDictIO {

    private StateDictIO() {}

    /**
     * Reads the state dict of a file.
     *
     * @param path a {@code torch.save}, safetensors or {@code .npz} file
     * @param manager the manager of the arrays
     * @return the tensors by name, in file order
     * @throws WeightFileException if the file is truncated, corrupt or of another format
     * @throws IOException if the file cannot be opened
     */
    public static Map<String, NDArray> read(Path path, NDManager manager) throws IOException {
        try {
            return readFormat(path, manager);
        } catch (FileSystemException | WeightFileException e) {
            throw e; // missing or forbidden files are named by the JDK's exception
        } catch (IOException | RuntimeException e) {
            throw WeightFileException.unreadable(
                    path, "a torch.save, safetensors or .npz state dict", e);
        }
    }

    private static Map<String, NDArray> readFormat(Path path, NDManager manager)
            throws IOException {
        byte[] head = new byte[9];
        int length;
        try (InputStream in = Files.newInputStream(path)) {
            length = in.readNBytes(head, 0, head.length);
        }
        if (length >= 2 && head[0] == 'P' && head[1] == 'K') {
            if (isNpz(path)) {
                return readNpz(path, manager);
            }
            try (TorchCheckpoint checkpoint = TorchCheckpoint.open(path)) {
                return checkpoint.stateDict(manager);
            }
        }
        if (length >= 2 && (head[0] & 0xff) == 0x80) {
            try (TorchCheckpoint checkpoint = TorchCheckpoint.open(path)) {
                return checkpoint.stateDict(manager);
            }
        }
        if (length == 9 && head[8] == '{') {
            return Safetensors.read(path, manager);
        }
        throw new IOException(
                path
                        + " is neither a torch.save checkpoint, a safetensors file nor an .npz"
                        + " archive");
    }

    /**
     * Writes a state dict as safetensors, which PyTorch users read with {@code
     * safetensors.torch.load_file}.
     *
     * @param tensors the tensors by name
     * @param path the file to write
     * @throws IOException if the file cannot be written
     */
    public static void writeSafetensors(Map<String, NDArray> tensors, Path path)
            throws IOException {
        Safetensors.write(tensors, path);
    }

    private static boolean isNpz(Path path) throws IOException {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            boolean any = false;
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".npy")) {
                    return false;
                }
                any = true;
            }
            return any;
        }
    }

    private static Map<String, NDArray> readNpz(Path path, NDManager manager) throws IOException {
        NDList list;
        try (InputStream in = Files.newInputStream(path)) {
            list = NDList.decode(manager, in);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read the .npz archive " + path, e);
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        int unnamed = 0;
        for (NDArray array : list) {
            String name = array.getName() == null ? "arr_" + unnamed++ : array.getName();
            NDArray value =
                    array.getDataType().isFloating() && array.getDataType() != DataType.FLOAT32
                            ? array.toType(DataType.FLOAT32, false)
                            : array;
            tensors.put(name, value);
        }
        return tensors;
    }
}
