package ai.acosp.bench;

import ai.acosp.core.ArrayCopies;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.train.optim.TorchSgd;
import ai.acosp.train.run.BatchStep;
import ai.acosp.train.run.TrainingRun;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Training step time of a network dense and with soft ACoSP masks: the step of {@code
 * tool/train.sh} ({@link BatchStep}: forward in training mode, the loss with its auxiliary part,
 * the prediction's pixel counts, backward; then the trainer's {@link TorchSgd} update with momentum
 * and weight decay), on random images and labels. The two variants alternate step by step after one
 * warm-up step each; medians are reported.
 */
public final class TrainingStepBenchmark {

    private TrainingStepBenchmark() {}

    /**
     * Times the training steps and prints a table.
     *
     * @param name the network's name for the table
     * @param factory builds the dense network
     * @param input the batch shape (PSPNet's batch norms need at least 2 samples)
     * @param classes the number of classes (labels are drawn below it)
     * @param loss the training loss (with an auxiliary part for PSPNet)
     * @param steps measured steps per variant
     * @param withMasks whether to time the soft-masked variant beside the dense one
     * @param out where the table goes
     * @return the median dense step time in milliseconds
     */
    public static double run(
            String name,
            Supplier<Block> factory,
            Shape input,
            int classes,
            Loss loss,
            int steps,
            boolean withMasks,
            PrintStream out) {
        Engine.getInstance().setRandomSeed(2);
        Map<String, Model> models = new LinkedHashMap<>();
        Map<String, Trainer> trainers = new LinkedHashMap<>();
        String[] variants =
                withMasks ? new String[] {"dense", "soft masks (ACoSP-4)"} : new String[] {"dense"};
        try (NDManager data = NDManager.newBaseManager()) {
            for (String variant : variants) {
                Model model = Model.newInstance(variant);
                models.put(variant, model);
                Block net = factory.get();
                model.setBlock(net);
                net.initialize(model.getNDManager(), DataType.FLOAT32, input);
                if (!variant.equals("dense")) {
                    SoftTopKPruner.builder()
                            .setFinalSparsity(0.75f)
                            .setEndingEpoch(10)
                            .build()
                            .configureModel(net);
                }
                trainers.put(variant, newTrainer(model, loss, input));
            }
            NDArray x = data.randomNormal(0, 1, input, DataType.FLOAT32);
            NDArray y = randomLabels(data, input, classes);
            Map<String, BatchStep> batchSteps = new LinkedHashMap<>();
            trainers.forEach((k, t) -> batchSteps.put(k, batchStep(t, loss, classes)));
            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, List<Double>> cpuTimes = new LinkedHashMap<>();
            trainers.keySet().forEach(k -> times.put(k, new ArrayList<>()));
            trainers.keySet().forEach(k -> cpuTimes.put(k, new ArrayList<>()));
            for (int step = -1; step < steps; step++) {
                for (Map.Entry<String, Trainer> t : trainers.entrySet()) {
                    long cpu0 = processCpuNanos();
                    double ms = step(t.getValue(), batchSteps.get(t.getKey()), x, y);
                    if (step >= 0) {
                        times.get(t.getKey()).add(ms);
                        cpuTimes.get(t.getKey()).add((processCpuNanos() - cpu0) / 1e6);
                    }
                }
            }
            double dense = RoundRobinTimer.median(times.get("dense"));
            out.printf(
                    Locale.ROOT,
                    "%n%s training step, batch %s, median of %d steps (load average %s):%n",
                    name,
                    input,
                    steps,
                    RoundRobinTimer.loadAverage());
            for (Map.Entry<String, List<Double>> e : times.entrySet()) {
                double ms = RoundRobinTimer.median(e.getValue());
                out.printf(
                        Locale.ROOT,
                        "  %-22s %9.1f ms  x%.2f of dense  (process CPU time %.0f ms)%n",
                        e.getKey(),
                        ms,
                        ms / dense,
                        RoundRobinTimer.median(cpuTimes.get(e.getKey())));
            }
            return dense;
        } finally {
            trainers.values().forEach(Trainer::close);
            models.values().forEach(Model::close);
        }
    }

    /**
     * CPU time of the whole process (all threads), which the load of other processes on a shared
     * machine disturbs less than wall time.
     *
     * @return nanoseconds, or 0 where the JVM cannot tell
     */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /**
     * Random class labels {@code (N, H, W)} for a batch of the given input shape.
     *
     * @param manager where the labels live
     * @param input the input shape {@code (N, C, H, W)}
     * @param classes the number of classes
     * @return INT64 labels in {@code [0, classes)}
     */
    static NDArray randomLabels(NDManager manager, Shape input, int classes) {
        return manager.randomInteger(
                        0,
                        classes,
                        new Shape(input.get(0), input.get(2), input.get(3)),
                        DataType.INT32)
                .toType(DataType.INT64, false);
    }

    /**
     * A trainer of the model's (initialised) block with SGD as the training runs use it (momentum
     * 0.9, weight decay 1e-4, parameters updated in place).
     *
     * @param model the model holding the block
     * @param loss the loss
     * @param input the batch shape
     * @return the initialised trainer
     */
    static Trainer newTrainer(Model model, Loss loss, Shape input) {
        TorchSgd sgd =
                TorchSgd.builder()
                        .setLearningRateTracker(Tracker.fixed(0.001f))
                        .optMomentum(0.9f)
                        .optWeightDecays(1e-4f)
                        .build();
        return TrainingRun.newTrainer(
                model, new DefaultTrainingConfig(loss).optOptimizer(sgd), sgd, input);
    }

    /**
     * The training loop's step of the trainer with the loss, with the ignore label 255.
     *
     * @param trainer the trainer
     * @param loss its loss
     * @param classes the number of classes
     * @return the step
     */
    static BatchStep batchStep(Trainer trainer, Loss loss, int classes) {
        return new BatchStep(trainer, loss, classes, 255);
    }

    /**
     * One timed training step, as the training loop runs it, on a batch that owns copies of the
     * images and labels.
     *
     * @param trainer the trainer
     * @param step the training loop's step
     * @param x the images
     * @param y the labels
     * @return the step time in milliseconds
     */
    static double step(Trainer trainer, BatchStep step, NDArray x, NDArray y) {
        NDManager scope = trainer.getManager().newSubManager();
        Batch batch;
        try {
            batch =
                    new Batch(
                            scope,
                            new NDList(ArrayCopies.copyOf(x, scope)),
                            new NDList(ArrayCopies.copyOf(y, scope)),
                            Math.toIntExact(x.getShape().get(0)),
                            Batchifier.STACK,
                            Batchifier.STACK,
                            0,
                            0);
        } catch (RuntimeException e) {
            scope.close();
            throw e;
        }
        long t0 = System.nanoTime();
        try (batch) {
            step.train(batch);
            trainer.step();
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
