package ai.acosp.core.bench;

import ai.acosp.core.SoftTopKPruner;
import ai.djl.Model;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times one SGD training step of DJL's ResNet-18 (CIFAR input) dense and with ACoSP soft masks on
 * every convolution, on the same input and threads, and prints the medians and their ratio.
 *
 * <p>Arguments: {@code [batch=32] [warmup=5] [steps=30] [rounds=3]}; the two variants alternate
 * round by round so that machine noise hits both alike.
 */
public final class MaskOverheadBenchmark {

    private MaskOverheadBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args batch, warm-up steps, timed steps, rounds
     */
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf(
                Locale.ROOT,
                "ResNet-18 (DJL model zoo, 32x32), batch %d, %d cores, engine %s %s%n",
                batch,
                Runtime.getRuntime().availableProcessors(),
                Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion());
        double[] dense = new double[rounds * steps];
        double[] masked = new double[rounds * steps];
        for (int round = 0; round < rounds; round++) {
            time(false, batch, warmup, steps, dense, round * steps);
            time(true, batch, warmup, steps, masked, round * steps);
        }
        double denseMedian = median(dense);
        double maskedMedian = median(masked);
        System.out.printf(Locale.ROOT, "dense       median %.1f ms/step%n", denseMedian);
        System.out.printf(Locale.ROOT, "soft masks  median %.1f ms/step%n", maskedMedian);
        System.out.printf(
                Locale.ROOT,
                "overhead    %.3fx (%+.1f%%)%n",
                maskedMedian / denseMedian,
                100 * (maskedMedian / denseMedian - 1));
    }

    private static void time(
            boolean withMasks, int batch, int warmup, int steps, double[] out, int offset) {
        Engine.getInstance().setRandomSeed(0);
        Block net =
                ResNetV1.builder()
                        .setImageShape(new Shape(3, 32, 32))
                        .setNumLayers(18)
                        .setOutSize(10)
                        .build();
        if (withMasks) {
            SoftTopKPruner.builder()
                    .setFinalSparsity(0.75f)
                    .setEndingEpoch(10)
                    .build()
                    .configureModel(net);
        }
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(net);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.01f))
                                            .optMomentum(0.9f)
                                            .build());
            try (Trainer trainer = model.newTrainer(config);
                    NDManager data = model.getNDManager().newSubManager()) {
                trainer.initialize(new Shape(batch, 3, 32, 32));
                NDArray x = data.randomNormal(0, 1, new Shape(batch, 3, 32, 32), DataType.FLOAT32);
                NDArray y = data.randomInteger(0, 10, new Shape(batch), DataType.INT32);
                for (int i = 0; i < warmup + steps; i++) {
                    long start = System.nanoTime();
                    try (NDManager step = data.newSubManager()) {
                        NDArray input = x.duplicate();
                        input.attach(step);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList prediction = trainer.forward(new NDList(input));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(y), prediction);
                            collector.backward(loss);
                        }
                        trainer.step();
                    }
                    if (i >= warmup) {
                        out[offset + i - warmup] = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
