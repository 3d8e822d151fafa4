package ai.acosp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.acosp.train.optim.TorchAdam;
import ai.acosp.train.optim.TorchOptimizer;
import ai.acosp.train.optim.TorchSgd;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumed from a checkpoint trains on bitwise like the uninterrupted run, for many steps
 * while the garbage collector runs and freed native memory is handed out again. Restored optimizer
 * buffers that still pointed into the checkpoint's decoded (and freed) buffers would read what the
 * churn wrote there, or crash the JVM.
 */
class ResumeFromCheckpointTest {

    private static final int BEFORE_SAVE = 5;
    private static final int AFTER_LOAD = 40;
    private static final Shape INPUT = new Shape(8, 32);
    private static final Deque<List<ByteBuffer>> GARBAGE = new ArrayDeque<>();

    @Test
    void sgdWithMomentumResumesExactly(@TempDir Path dir) throws Exception {
        assertResumesExactly(
                dir,
                () ->
                        TorchSgd.builder()
                                .setLearningRateTracker(Tracker.fixed(0.05f))
                                .optMomentum(0.9f)
                                .optWeightDecays(1e-4f)
                                .build());
    }

    @Test
    void adamResumesExactly(@TempDir Path dir) throws Exception {
        assertResumesExactly(
                dir,
                () ->
                        TorchAdam.builder()
                                .setLearningRateTracker(Tracker.fixed(0.01f))
                                .optWeightDecays(1e-4f)
                                .build());
    }

    private static void assertResumesExactly(Path dir, Supplier<TorchOptimizer> optimizers)
            throws Exception {
        Path file = dir.resolve("train_epoch_1.ckpt");
        List<float[]> uninterrupted;
        TorchOptimizer optimizer = optimizers.get();
        try (Model model = Model.newInstance("whole", Device.cpu());
                Trainer trainer = trainer(model, optimizer, null)) {
            train(trainer, 0, BEFORE_SAVE, false);
            Checkpoint.Header header =
                    new Checkpoint.Header(1, BEFORE_SAVE, MaskState.NONE, Map.of());
            Checkpoint.save(file, model.getBlock(), header, optimizer);
            train(trainer, BEFORE_SAVE, AFTER_LOAD, false);
            uninterrupted = parameters(model);
        }
        List<float[]> resumed;
        TorchOptimizer restored = optimizers.get();
        try (Model model = Model.newInstance("resumed", Device.cpu());
                Trainer trainer = trainer(model, restored, file)) {
            train(trainer, BEFORE_SAVE, AFTER_LOAD, true);
            resumed = parameters(model);
        }
        for (int i = 0; i < uninterrupted.size(); i++) {
            assertArrayEquals(uninterrupted.get(i), resumed.get(i), 0f, "parameter " + i);
        }
    }

    /** A trainer of a small network, resumed from {@code checkpoint} unless it is null. */
    private static Trainer trainer(Model model, TorchOptimizer optimizer, Path checkpoint)
            throws Exception {
        Block block =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(64).build())
                        .add(Activation::relu)
                        .add(Linear.builder().setUnits(16).build());
        model.setBlock(block);
        if (checkpoint != null) {
            // as TrainingRun: load before the trainer exists, whose parameter store keeps arrays
            block.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
            Checkpoint.load(checkpoint, block, model.getNDManager(), optimizer);
        }
        Trainer trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
        trainer.initialize(INPUT);
        return trainer;
    }

    /** Steps {@code first .. first + count - 1}, each on its own seeded batch. */
    private static void train(Trainer trainer, int first, int count, boolean churn)
            throws InterruptedException {
        for (int step = first; step < first + count; step++) {
            if (churn && step % 4 == 1) {
                reuseFreedMemory();
            }
            try (NDManager scope = trainer.getManager().newSubManager()) {
                Random random = new Random(step);
                NDArray x = scope.create(gaussian(random, (int) INPUT.size()), INPUT);
                NDArray y = scope.create(gaussian(random, 8 * 16), new Shape(8, 16));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                    collector.backward(
                            trainer.getLoss().evaluate(new NDList(y), new NDList(prediction)));
                }
                trainer.step();
            }
        }
    }

    /**
     * Lets the collector free unreachable direct buffers, then takes freed blocks of the sizes of
     * this model's arrays back and fills them with garbage.
     */
    private static void reuseFreedMemory() throws InterruptedException {
        System.gc();
        Thread.sleep(5);
        List<ByteBuffer> garbage = new ArrayList<>();
        for (int floats : new int[] {32 * 64, 64, 64 * 16, 16}) {
            for (int i = 0; i < 4; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(floats * Float.BYTES);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                garbage.add(buffer);
            }
        }
        // keep the last rounds alive so that their blocks stay taken for a while
        GARBAGE.addLast(garbage);
        if (GARBAGE.size() > 4) {
            GARBAGE.removeFirst();
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static List<float[]> parameters(Model model) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            values.add(entry.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
