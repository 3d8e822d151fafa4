package ai.acosp.train.checkpoint;

import ai.acosp.core.ArrayCopies;
import ai.acosp.train.optim.TorchOptimizer;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A training checkpoint of this project: one file holding a header (completed epochs, global
 * iteration, mask state, free-form facts), the model parameters in DJL's format (soft masks carry
 * their temperature), and the optimizer state (step and buffers per parameter, keyed by parameter
 * path), then the CRC-32 of everything before it (8 bytes), checked before a file is loaded. Files
 * are written with {@link AtomicFiles}. Files of format 1 (before the checksum) still load, without
 * that check. A file that ends early, is not a checkpoint or fails its checksum is a {@link
 * CheckpointException} naming it.
 *
 * <p>Loading needs a model of the same structure: rebuild the masks given by {@link
 * Header#maskState()} first (configure the pruner for SOFT, and harden for HARD).
 */
public final class Checkpoint {

    /** The first bytes of a checkpoint file. */
    public static final String MAGIC = "ACOSPCKP";

    private static final int FORMAT = 2;

    /** The format before the checksum trailer; still read. */
    private static final int FORMAT_WITHOUT_CHECKSUM = 1;

    private static final int CHECKSUM_BYTES = Long.BYTES;

    private Checkpoint() {}

    /**
     * What a checkpoint says about the run besides the arrays.
     *
     * @param epoch the number of completed epochs
     * @param iteration the number of completed iterations over all epochs
     * @param maskState the masks of the saved model
     * @param facts free-form facts, e.g. arch, classes, sparsity
     */
    public record Header(
            int epoch, long iteration, MaskState maskState, Map<String, String> facts) {

        /**
         * Creates the header.
         *
         * @param epoch the number of completed epochs
         * @param iteration the number of completed iterations
         * @param maskState the masks of the saved model
         * @param facts free-form facts
         */
        public Header {
            facts = Map.copyOf(facts);
        }
    }

    /**
     * Whether a file is a checkpoint of this project (and not, e.g., a PyTorch file).
     *
     * @param file the file
     * @return true if it starts with {@link #MAGIC}
     * @throws IOException if the file cannot be read
     */
    public static boolean isCheckpoint(Path file) throws IOException {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        }
    }

    /**
     * Writes a checkpoint atomically.
     *
     * @param file the target file
     * @param model the network
     * @param header epoch, iteration and facts; its mask state must be the model's
     * @param optimizer the optimizer whose state to save, or null
     * @throws IOException if writing fails; an existing file is then unchanged
     */
    public static void save(Path file, Block model, Header header, TorchOptimizer optimizer)
            throws IOException {
        Map<String, String> pathById = new HashMap<>();
        for (Pair<String, Parameter> entry : model.getParameters()) {
            pathById.put(entry.getValue().getId(), entry.getKey());
        }
        Map<String, TorchOptimizer.ParameterState> state =
                optimizer == null ? Map.of() : optimizer.exportState();
        AtomicFiles.write(
                file,
                out -> {
                    CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
                    DataOutputStream data = new DataOutputStream(checked);
                    data.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
                    data.writeInt(FORMAT);
                    data.writeInt(header.epoch());
                    data.writeLong(header.iteration());
                    data.writeUTF(header.maskState().name());
                    data.writeInt(header.facts().size());
                    for (Map.Entry<String, String> fact : header.facts().entrySet()) {
                        data.writeUTF(fact.getKey());
                        data.writeUTF(fact.getValue());
                    }
                    model.saveParameters(data);
                    List<Map.Entry<String, TorchOptimizer.ParameterState>> saved =
                            new ArrayList<>();
                    for (Map.Entry<String, TorchOptimizer.ParameterState> entry :
                            state.entrySet()) {
                        // parameters that left the model (e.g. logits of hardened masks) are
                        // dropped
                        if (pathById.containsKey(entry.getKey())) {
                            saved.add(entry);
                        }
                    }
                    data.writeInt(saved.size());
                    for (Map.Entry<String, TorchOptimizer.ParameterState> entry : saved) {
                        data.writeUTF(pathById.get(entry.getKey()));
                        data.writeInt(entry.getValue().step());
                        NDArray[] buffers = entry.getValue().buffers();
                        data.writeInt(buffers.length);
                        for (NDArray buffer : buffers) {
                            byte[] bytes = buffer.encode();
                            data.writeInt(bytes.length);
                            data.write(bytes);
                        }
                    }
                    data.flush();
                    new DataOutputStream(out).writeLong(checked.getChecksum().getValue());
                });
    }

    /**
     * Reads the header only.
     *
     * @param file the checkpoint
     * @return its header
     * @throws CheckpointException if the file is truncated or not a checkpoint
     * @throws IOException if the file cannot be read
     */
    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream data = open(file)) {
            return readHeader(data, file);
        } catch (EOFException | UTFDataFormatException | IllegalArgumentException e) {
            throw CheckpointException.unreadable(file, e);
        }
    }

    /**
     * Checks the file's CRC-32 trailer (format 2); format 1 files have none and pass.
     *
     * @param file the checkpoint
     * @throws CheckpointException if the file is truncated, not a checkpoint, or its checksum does
     *     not match its content
     * @throws IOException if the file cannot be read
     */
    public static void verify(Path file) throws IOException {
        int format;
        try (DataInputStream data = open(file)) {
            data.readFully(new byte[MAGIC.length()]);
            format = data.readInt();
        } catch (EOFException e) {
            throw CheckpointException.unreadable(file, e);
        }
        if (format == FORMAT_WITHOUT_CHECKSUM) {
            return;
        }
        long size = Files.size(file);
        if (size < MAGIC.length() + Integer.BYTES + CHECKSUM_BYTES) {
            throw CheckpointException.unreadable(file, null);
        }
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long left = size - CHECKSUM_BYTES;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw CheckpointException.unreadable(file, null);
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
            long stored = new DataInputStream(in).readLong();
            if (stored != crc.getValue()) {
                throw new CheckpointException(
                        file,
                        "the file is truncated or not a checkpoint of this project (its CRC-32 does not match"
                                + " its content)",
                        "use a complete checkpoint (an earlier train_epoch_*.ckpt, or train again)",
                        null);
            }
        }
    }

    /**
     * Loads the parameters into a model of the same structure, and the optimizer state.
     *
     * @param file the checkpoint
     * @param model the network, initialised, with the masks of the header's mask state
     * @param manager the manager of the loaded parameters (the model's)
     * @param optimizer the optimizer to restore, or null to load the parameters only
     * @return the header
     * @throws CheckpointException if the file is truncated, corrupt (checksum), not a checkpoint,
     *     or its parameters do not fit the model
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException never; kept for callers
     */
    public static Header load(Path file, Block model, NDManager manager, TorchOptimizer optimizer)
            throws IOException, MalformedModelException {
        verify(file);
        try {
            return loadVerified(file, model, manager, optimizer);
        } catch (EOFException | UTFDataFormatException e) {
            throw CheckpointException.unreadable(file, e);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new CheckpointException(
                    file,
                    "the checkpoint does not fit the network of the configuration ("
                            + e.getMessage()
                            + ")",
                    "use the configuration the checkpoint was trained with",
                    e);
        }
    }

    private static Header loadVerified(
            Path file, Block model, NDManager manager, TorchOptimizer optimizer)
            throws IOException, MalformedModelException {
        try (DataInputStream data = open(file)) {
            Header header = readHeader(data, file);
            MaskState actual = MaskState.of(model);
            if (actual != header.maskState()) {
                throw new MalformedModelException(
                        file
                                + " holds a model with mask state "
                                + header.maskState()
                                + " but the model to load into has "
                                + actual);
            }
            Map<Parameter, NDArray> previous = new HashMap<>();
            for (Pair<String, Parameter> entry : model.getParameters()) {
                if (entry.getValue().isInitialized()) {
                    previous.put(entry.getValue(), entry.getValue().getArray());
                }
            }
            model.loadParameters(manager, data);
            // free the arrays the loaded ones replaced
            previous.forEach(
                    (parameter, old) -> {
                        if (parameter.getArray() != old) {
                            old.close();
                        }
                    });
            // the loaded arrays live in decoded Java buffers: give the model arrays of its own
            ArrayCopies.ownParameterArrays(model, manager);
            Map<String, Parameter> byPath = new LinkedHashMap<>();
            for (Pair<String, Parameter> entry : model.getParameters()) {
                byPath.put(entry.getKey(), entry.getValue());
            }
            int count = data.readInt();
            try (NDManager scope = manager.newSubManager()) {
                for (int i = 0; i < count; i++) {
                    String path = data.readUTF();
                    int step = data.readInt();
                    NDArray[] buffers = new NDArray[data.readInt()];
                    for (int b = 0; b < buffers.length; b++) {
                        byte[] bytes = new byte[data.readInt()];
                        data.readFully(bytes);
                        buffers[b] = NDArray.decode(scope, bytes);
                    }
                    Parameter parameter = byPath.get(path);
                    if (optimizer != null && parameter != null) {
                        optimizer.importState(
                                parameter.getId(),
                                parameter.getArray(),
                                new TorchOptimizer.ParameterState(step, buffers));
                    }
                }
            }
            return header;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static Header readHeader(DataInputStream data, Path file) throws IOException {
        byte[] magic = new byte[MAGIC.length()];
        data.readFully(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw CheckpointException.unreadable(file, null);
        }
        int format = data.readInt();
        if (format != FORMAT && format != FORMAT_WITHOUT_CHECKSUM) {
            throw new CheckpointException(
                    file,
                    "has checkpoint format "
                            + format
                            + ", this version reads "
                            + FORMAT_WITHOUT_CHECKSUM
                            + " and "
                            + FORMAT,
                    "use the version of this project that wrote it",
                    null);
        }
        int epoch = data.readInt();
        long iteration = data.readLong();
        MaskState maskState = MaskState.valueOf(data.readUTF());
        int factCount = data.readInt();
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < factCount; i++) {
            facts.put(data.readUTF(), data.readUTF());
        }
        return new Header(epoch, iteration, maskState, facts);
    }
}
