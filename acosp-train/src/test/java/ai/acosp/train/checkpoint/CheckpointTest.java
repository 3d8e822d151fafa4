package ai.acosp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.acosp.train.optim.TorchOptimizer;
import ai.acosp.train.optim.TorchSgd;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @Test
    void failedWriteLeavesThePreviousFileIntact(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("train_epoch_1.ckpt");
        AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        IOException failure =
                assertThrows(
                        IOException.class,
                        () ->
                                AtomicFiles.write(
                                        target,
                                        out -> {
                                            out.write(new byte[1 << 20]);
                                            throw new IOException("disk full halfway");
                                        }));
        assertTrue(failure instanceof FileWriteException, failure.toString());
        assertTrue(failure.getMessage().startsWith(target + ": "), failure.getMessage());
        assertTrue(failure.getMessage().contains("disk full halfway"), failure.getMessage());
        assertTrue(failure.getMessage().contains("needs at least 1.0 MB"), failure.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void checkpointWhoseModelFailsMidwayKeepsThePreviousOne(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("c.ckpt");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block good = model(manager);
            Checkpoint.save(target, good, header(1), null);
            byte[] before = Files.readAllBytes(target);
            Block broken =
                    new SequentialBlock() {
                        @Override
                        public void saveParameters(java.io.DataOutputStream os) throws IOException {
                            os.write(new byte[4096]);
                            throw new IOException("interrupted");
                        }
                    };
            assertThrows(IOException.class, () -> Checkpoint.save(target, broken, header(2), null));
            assertArrayEquals(before, Files.readAllBytes(target));
            assertEquals(1, Checkpoint.readHeader(target).epoch());
        }
    }

    @Test
    void parametersAndOptimizerStateRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.ckpt");
        try (NDManager manager = NDManager.newBaseManager()) {
            Block saved = model(manager);
            TorchSgd optimizer = sgd();
            NDArray weight = saved.getParameters().get(0).getValue().getArray();
            optimizer.importState(
                    saved.getParameters().get(0).getValue().getId(),
                    weight,
                    new TorchOptimizer.ParameterState(5, new NDArray[] {weight.onesLike().mul(7)}));
            Checkpoint.save(file, saved, header(3), optimizer);
            assertTrue(Checkpoint.isCheckpoint(file));

            Block loaded = model(manager);
            TorchSgd restored = sgd();
            Checkpoint.Header header = Checkpoint.load(file, loaded, manager, restored);
            assertEquals(3, header.epoch());
            assertEquals(30L, header.iteration());
            assertEquals("x", header.facts().get("arch"));
            for (int i = 0; i < saved.getParameters().size(); i++) {
                assertArrayEquals(
                        saved.getParameters().get(i).getValue().getArray().toFloatArray(),
                        loaded.getParameters().get(i).getValue().getArray().toFloatArray());
            }
            Map<String, TorchOptimizer.ParameterState> state = restored.exportState();
            TorchOptimizer.ParameterState first =
                    state.get(loaded.getParameters().get(0).getValue().getId());
            assertEquals(5, first.step());
            assertEquals(7f, first.buffers()[0].toFloatArray()[0]);
            assertFalse(Checkpoint.isCheckpoint(writeBytes(dir, "PK\u0003\u0004")));
        }
    }

    @Test
    void truncatedOrCorruptFileNamesThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.ckpt");
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.save(file, model(manager), header(1), sgd());
            byte[] bytes = Files.readAllBytes(file);
            Path half =
                    Files.write(dir.resolve("half.ckpt"), Arrays.copyOf(bytes, bytes.length / 2));
            CheckpointException cut =
                    assertThrows(
                            CheckpointException.class,
                            () -> Checkpoint.load(half, model(manager), manager, null));
            assertEquals(half, cut.getFile());
            assertTrue(
                    cut.getMessage().contains("truncated or not a checkpoint of this project"),
                    cut.getMessage());
            Path headerOnly = Files.write(dir.resolve("head.ckpt"), Arrays.copyOf(bytes, 14));
            assertThrows(CheckpointException.class, () -> Checkpoint.readHeader(headerOnly));

            byte[] flipped = bytes.clone();
            flipped[bytes.length - 40] ^= 1; // one bit of a weight
            Path corrupt = Files.write(dir.resolve("flip.ckpt"), flipped);
            CheckpointException crc =
                    assertThrows(
                            CheckpointException.class,
                            () -> Checkpoint.load(corrupt, model(manager), manager, null));
            assertTrue(crc.getMessage().contains("CRC-32 does not match"), crc.getMessage());
        }
    }

    @Test
    void checkpointIsGroupReadableAndLeftoversAreRemoved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("train_epoch_1.ckpt");
        Path other = Files.writeString(dir.resolve("train.log"), "x");
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.save(file, model(manager), header(1), null);
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals(
                    Files.getPosixFilePermissions(other).contains(PosixFilePermission.GROUP_READ),
                    Files.getPosixFilePermissions(file).contains(PosixFilePermission.GROUP_READ),
                    "a checkpoint is as readable as other outputs");
        }
        Path leftover = Files.write(dir.resolve(".train_epoch_2.ckpt.1234567.tmp"), new byte[10]);
        assertEquals(List.of(leftover), AtomicFiles.removeLeftovers(dir));
        assertTrue(Files.exists(file) && Files.exists(other));
        assertEquals(List.of(), AtomicFiles.removeLeftovers(dir.resolve("absent")));
    }

    @Test
    void unwritableFolderNamesTheFile(@TempDir Path dir) throws IOException {
        Path notAFolder =
                Files.writeString(dir.resolve("model"), "a file where a folder should be");
        Path target = notAFolder.resolve("train_epoch_1.ckpt");
        FileWriteException e =
                assertThrows(
                        FileWriteException.class,
                        () -> AtomicFiles.write(target, out -> out.write(1)));
        assertEquals(target, e.getFile());
        assertTrue(
                e.getMessage().contains("cannot create its folder " + notAFolder.toAbsolutePath()),
                e.getMessage());
    }

    private static Path writeBytes(Path dir, String content) throws IOException {
        return Files.writeString(dir.resolve("torch.pth"), content);
    }

    private static TorchSgd sgd() {
        return TorchSgd.builder()
                .setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.9f)
                .build();
    }

    private static Checkpoint.Header header(int epoch) {
        return new Checkpoint.Header(epoch, epoch * 10L, MaskState.NONE, Map.of("arch", "x"));
    }

    private static Block model(NDManager manager) {
        Block block = new SequentialBlock().add(Linear.builder().setUnits(4).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }
}
