package ai.acosp.models.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * A file written by {@code torch.save}, read without Python: the zip format of PyTorch 1.6 and
 * later ({@code archive/data.pkl} plus one entry per storage) and the legacy format before it. The
 * pickle is read with a restricted set of globals (see {@link RestrictedUnpickler}); tensor data is
 * read when {@link #stateDict} or {@link TorchTensor#toNDArray} asks for it.
 *
 * <pre>{@code
 * try (TorchCheckpoint checkpoint = TorchCheckpoint.open(path);
 *         NDManager manager = NDManager.newBaseManager()) {
 *     Map<String, NDArray> weights = checkpoint.stateDict(manager);
 * }
 * }</pre>
 */
public final class TorchCheckpoint implements AutoCloseable {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;

    private final Object root;
    private final ZipFile zip;

    private TorchCheckpoint(Object root, ZipFile zip) {
        this.root = root;
        this.zip = zip;
    }

    /**
     * Opens a checkpoint and reads its pickled object tree (not the tensor data).
     *
     * @param path a {@code .pth}/{@code .pt} file
     * @return the checkpoint; close it when done
     * @throws IOException if the file cannot be read or is no PyTorch checkpoint
     */
    public static TorchCheckpoint open(Path path) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(magic, 0, 2) < 2) {
                throw new IOException(path + " is too short for a PyTorch checkpoint");
            }
        }
        try {
            if (magic[0] == 'P' && magic[1] == 'K') {
                return openZip(path);
            }
            if ((magic[0] & 0xff) == 0x80) {
                return openLegacy(path);
            }
        } catch (PickleException | ClassCastException e) {
            throw new IOException(
                    "cannot read the PyTorch checkpoint " + path + ": " + e.getMessage(), e);
        }
        throw new IOException(path + " is neither a zip nor a legacy PyTorch checkpoint");
    }

    private static TorchCheckpoint openZip(Path path) throws IOException {
        ZipFile zip = new ZipFile(path.toFile());
        try {
            String prefix = null;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith("data.pkl")
                        && (name.equals("data.pkl") || name.endsWith("/data.pkl"))) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) {
                throw new IOException(
                        path + " is a zip file without data.pkl: not a torch.save file");
            }
            String dataPrefix = prefix + "data/";
            Map<String, TorchStorage> storages = new HashMap<>();
            RestrictedUnpickler unpickler =
                    new RestrictedUnpickler(
                            pid -> {
                                checkStoragePid(pid);
                                String key = String.valueOf(pid.get(2));
                                return storages.computeIfAbsent(
                                        key,
                                        k ->
                                                new TorchStorage(
                                                        (TensorType) pid.get(1),
                                                        k,
                                                        () -> readEntry(zip, dataPrefix + k)));
                            });
            Object root;
            try (InputStream in =
                    new BufferedInputStream(
                            zip.getInputStream(zip.getEntry(prefix + "data.pkl")))) {
                root = unpickler.load(in);
            }
            return new TorchCheckpoint(root, zip);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static ByteBuffer readEntry(ZipFile zip, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalStateException("checkpoint lacks the storage entry " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the storage entry " + name, e);
        }
    }

    private static void checkStoragePid(List<?> pid) {
        if (pid.size() < 5
                || !"storage".equals(pid.get(0))
                || !(pid.get(1) instanceof TensorType)) {
            throw new PickleException(
                    "unsupported persistent id "
                            + pid
                            + " (only typed tensor storages are allowed)");
        }
    }

    private static TorchCheckpoint openLegacy(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 20)) {
            Object magic = new RestrictedUnpickler(pid -> null).load(in);
            if (!(magic instanceof Number number) || !LEGACY_MAGIC.equals(toBigInteger(number))) {
                throw new IOException(path + " is a pickle but not a PyTorch checkpoint");
            }
            Object protocol = new RestrictedUnpickler(pid -> null).load(in);
            if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
                throw new IOException("unsupported legacy checkpoint protocol " + protocol);
            }
            Object sysInfo = new RestrictedUnpickler(pid -> null).load(in);
            if (sysInfo instanceof Map<?, ?> info
                    && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new IOException("big-endian legacy checkpoints are not supported");
            }
            Map<String, ByteBuffer> data = new HashMap<>();
            Map<String, TorchStorage> storages = new HashMap<>();
            Object root =
                    new RestrictedUnpickler(
                                    pid -> {
                                        checkStoragePid(pid);
                                        if (pid.size() > 5 && pid.get(5) != null) {
                                            throw new PickleException(
                                                    "legacy storage views are not supported");
                                        }
                                        String key = String.valueOf(pid.get(2));
                                        return storages.computeIfAbsent(
                                                key,
                                                k ->
                                                        new TorchStorage(
                                                                (TensorType) pid.get(1),
                                                                k,
                                                                () -> data.get(k)));
                                    })
                            .load(in);
            Object keys = new RestrictedUnpickler(pid -> null).load(in);
            DataInputStream dis = new DataInputStream(in);
            for (Object key : (List<?>) keys) {
                TorchStorage storage = storages.get(String.valueOf(key));
                long elements = Long.reverseBytes(dis.readLong());
                int elementSize = storage == null ? 1 : storage.getType().getSize();
                byte[] bytes = new byte[Math.toIntExact(elements * elementSize)];
                dis.readFully(bytes);
                data.put(
                        String.valueOf(key), ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            }
            return new TorchCheckpoint(root, null);
        }
    }

    private static BigInteger toBigInteger(Number number) {
        return number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
    }

    /**
     * The unpickled object: maps are {@link Map}s, lists {@link List}s, tuples {@code Object[]},
     * tensors {@link TorchTensor}s.
     *
     * @return the checkpoint's root object
     */
    public Object getRoot() {
        return root;
    }

    /**
     * The state dict of the checkpoint: the root's {@code "state_dict"} entry if it has one,
     * otherwise the root itself; every tensor entry read into a DJL array (floating types as
     * FLOAT32), other entries skipped. Keys are kept as stored (with any {@code module.} prefix).
     *
     * @param manager the manager of the arrays
     * @return the tensors by key, in file order
     * @throws IOException if the checkpoint holds no state dict
     */
    public Map<String, NDArray> stateDict(NDManager manager) throws IOException {
        Map<?, ?> dict = stateDictObject();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<TorchStorage> read = new ArrayList<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (entry.getValue() instanceof TorchTensor tensor) {
                try {
                    tensors.put(String.valueOf(entry.getKey()), tensor.toNDArray(manager));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    throw new IOException(
                            "cannot read tensor " + entry.getKey() + ": " + e.getMessage(), e);
                }
                read.add(tensor.getStorage());
            }
        }
        read.forEach(TorchStorage::release);
        if (tensors.isEmpty()) {
            throw new IOException(
                    "the checkpoint holds no tensors at its top level or under 'state_dict' (keys: "
                            + dict.keySet()
                            + ")");
        }
        return tensors;
    }

    private Map<?, ?> stateDictObject() throws IOException {
        if (!(root instanceof Map<?, ?> map)) {
            throw new IOException(
                    "the checkpoint holds a " + root.getClass().getSimpleName() + ", not a dict");
        }
        Object nested = map.get("state_dict");
        return nested instanceof Map<?, ?> stateDict ? stateDict : map;
    }

    /** {@inheritDoc} */
    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}
