package ai.acosp.bench;

import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.OpenCv;
import ai.acosp.models.loss.AuxiliaryLoss;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.train.compact.CompactExperiment;
import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.HardMaskedCheckpoint;
import ai.acosp.train.inference.InferenceSettings;
import ai.acosp.train.inference.SlidingWindowPredictor;
import ai.acosp.train.run.BatchStep;
import ai.acosp.train.timing.RoundRobinTimer;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One case of the real-size benchmark ({@code tool/bench.sh scale}), run alone in its own JVM so
 * that the process's peak resident memory (VmHWM) belongs to that case: the median wall time of the
 * measured repetitions after the case's warm-ups ({@link #warmUps}), the peak and the median
 * process CPU time (all threads; the load of other processes on a shared machine disturbs it less
 * than wall time) and the median minor page faults of a repetition, printed as the line {@code
 * RESULT <ms> <peak KiB> <CPU ms> <faults>}. Networks have random weights; the compaction cases
 * write a hard-masked checkpoint of the shipped configuration first (as training would leave it)
 * and run {@code tool/compact.sh}'s job on it.
 */
public final class ScaleCase {

    /** The cases, name to description, in the order of the table. */
    public static final Map<String, String> CASES;

    static {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("segnet_infer", "SegNet inference 1x3x360x480");
        cases.put("segnet_infer720", "SegNet inference 1x3x360x720");
        cases.put("segnet_step", "SegNet training step 1x3x360x480");
        cases.put("segnet_test", "SegNet test of a 360x480 image (CamVid sliding window)");
        cases.put("psp_infer", "PSPNet-50 inference 1x3x713x713");
        cases.put("psp_step", "PSPNet-50 training step 2x3x473x473, 150 classes");
        cases.put("conv_psp_head", "one 3x3 convolution 4096->512 at 1x4096x90x90");
        cases.put("conv_segnet", "one 3x3 convolution 64->64 at 1x64x360x480");
        cases.put("compact_camvid", "compact.sh camvid segnet_0.5 (360x720)");
        cases.put("compact_cityscapes", "compact.sh cityscapes segnet_0.5 (512x1024)");
        CASES = Collections.unmodifiableMap(cases);
    }

    private static final int CAMVID_CLASSES = 11;
    private static final int CITYSCAPES_CLASSES = 19;
    private static final int ADE20K_CLASSES = 150;

    /** Warm-up steps of the training-step cases, in both engines. */
    static final int TRAINING_WARM_UPS = 3;

    private ScaleCase() {}

    /**
     * The unmeasured repetitions before a case's measured ones: one, and {@value
     * #TRAINING_WARM_UPS} for a training step. A training's step time is its steady one, and in
     * both engines the heap still grows in the first steps (page faults of whole 268 MB arrays in
     * PSPNet-50's second to fourth step, then few).
     *
     * @param name the case
     * @return its warm-ups
     */
    public static int warmUps(String name) {
        return name.endsWith("_step") ? TRAINING_WARM_UPS : 1;
    }

    /**
     * Runs one case.
     *
     * @param args the case name, the measured repetitions and optionally the warm-ups (default
     *     {@link #warmUps})
     * @throws Exception if the case fails
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int reps = Integer.parseInt(args[1]);
        Engine.getInstance().setRandomSeed(3);
        Times times = new Times(args.length > 2 ? Integer.parseInt(args[2]) : warmUps(name));
        switch (name) {
            case "segnet_infer" ->
                    inference(() -> segNet(CAMVID_CLASSES), new Shape(1, 3, 360, 480), reps, times);
            case "segnet_infer720" ->
                    inference(() -> segNet(CAMVID_CLASSES), new Shape(1, 3, 360, 720), reps, times);
            case "psp_infer" ->
                    inference(
                            () -> pspNet(CITYSCAPES_CLASSES),
                            new Shape(1, 3, 713, 713),
                            reps,
                            times);
            case "segnet_step" ->
                    trainingStep(
                            () -> segNet(CAMVID_CLASSES),
                            new Shape(1, 3, 360, 480),
                            CAMVID_CLASSES,
                            new IgnoreLabelSoftmaxCrossEntropy(255),
                            reps,
                            times);
            case "psp_step" ->
                    trainingStep(
                            () -> pspNet(ADE20K_CLASSES),
                            new Shape(2, 3, 473, 473),
                            ADE20K_CLASSES,
                            new AuxiliaryLoss(new IgnoreLabelSoftmaxCrossEntropy(255), 0.4f),
                            reps,
                            times);
            case "segnet_test" -> slidingWindowTest(reps, times);
            case "conv_psp_head" -> convolution(4096, 512, 90, 90, reps, times);
            case "conv_segnet" -> convolution(64, 64, 360, 480, reps, times);
            case "compact_camvid" -> compaction("camvid", times);
            case "compact_cityscapes" -> compaction("cityscapes", times);
            default ->
                    throw new IllegalArgumentException(
                            "unknown case " + name + "; known: " + CASES.keySet());
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT %.1f %d %.1f %.0f%n",
                RoundRobinTimer.median(times.wall),
                peakKilobytes(),
                RoundRobinTimer.median(times.cpu),
                RoundRobinTimer.median(times.faults));
    }

    /** Wall and process CPU milliseconds of the measured repetitions. */
    private static final class Times {
        final List<Double> wall = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> faults = new ArrayList<>();
        private final int warmUps;

        Times(int warmUps) {
            this.warmUps = warmUps;
        }

        /** Runs the warm-ups and {@code reps} measured repetitions. */
        void measure(int reps, Runnable rep) {
            for (int r = -warmUps; r < reps; r++) {
                once(rep, r >= 0);
            }
        }

        /** Runs the work once, recorded or not. */
        void once(Runnable work, boolean record) {
            long faults0 = minorPageFaults();
            long cpu0 = TrainingStepBenchmark.processCpuNanos();
            long t0 = System.nanoTime();
            work.run();
            if (record) {
                wall.add((System.nanoTime() - t0) / 1e6);
                cpu.add((TrainingStepBenchmark.processCpuNanos() - cpu0) / 1e6);
                faults.add((double) (minorPageFaults() - faults0));
            }
        }
    }

    /**
     * The peak resident memory of this process so far.
     *
     * @return VmHWM in KiB, or -1 where /proc is missing
     */
    public static long peakKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * The minor page faults of this process so far: each first touch of memory fresh from the
     * operating system costs one (per 4 KiB page, or per huge page), so they tell how much of a
     * case's time went to memory the allocator did not keep.
     *
     * @return the count, or 0 where /proc is missing
     */
    static long minorPageFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which may hold spaces, in parentheses
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static SegNet segNet(int classes) {
        return SegNet.builder().setClasses(classes).build();
    }

    private static PSPNet pspNet(int classes) {
        return PSPNet.builder().setLayers(50).setClasses(classes).build();
    }

    private static void inference(Supplier<Block> factory, Shape input, int reps, Times times) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = factory.get();
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(0, 1, input, DataType.FLOAT32);
            times.measure(
                    reps,
                    () -> {
                        // the pass's results live in its input's manager: lend the input
                        try (NDManager pass = manager.newSubManager()) {
                            x.tempAttach(pass);
                            // the class map, as a translator returns it (the twin's argmax too)
                            net.forward(new ParameterStore(pass, false), new NDList(x), false)
                                    .head()
                                    .argMax(1)
                                    .toType(DataType.INT32, false)
                                    .toIntArray();
                        }
                    });
        }
    }

    /**
     * One padded 3x3 convolution with bias, no gradient: tells the engine's kernels from this
     * project's code (PSPNet's head and SegNet's first stage have these shapes).
     */
    private static void convolution(
            int inChannels, int outChannels, int height, int width, int reps, Times times) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x =
                    manager.randomNormal(
                            0, 1, new Shape(1, inChannels, height, width), DataType.FLOAT32);
            NDArray weight =
                    manager.randomNormal(
                            0, 0.01f, new Shape(outChannels, inChannels, 3, 3), DataType.FLOAT32);
            NDArray bias = manager.zeros(new Shape(outChannels));
            Shape one = new Shape(1, 1);
            times.measure(
                    reps,
                    () -> {
                        try (NDManager pass = manager.newSubManager()) {
                            NDArray y = Conv2d.conv2d(x, weight, bias, one, one, one).head();
                            y.attach(pass);
                            y.sum().getFloat();
                        }
                    });
        }
    }

    private static void trainingStep(
            Supplier<Block> factory, Shape input, int classes, Loss loss, int reps, Times times) {
        try (Model model = Model.newInstance("step");
                NDManager data = NDManager.newBaseManager()) {
            Block net = factory.get();
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, input);
            try (Trainer trainer = TrainingStepBenchmark.newTrainer(model, loss, input)) {
                NDArray x = data.randomNormal(0, 1, input, DataType.FLOAT32);
                NDArray y = TrainingStepBenchmark.randomLabels(data, input, classes);
                BatchStep step = TrainingStepBenchmark.batchStep(trainer, loss, classes);
                times.measure(reps, () -> TrainingStepBenchmark.step(trainer, step, x, y));
            }
        }
    }

    /** The CamVid test settings: long side 360, 360x720 windows, scale 1, flipped twin. */
    private static void slidingWindowTest(int reps, Times times) {
        OpenCv.load();
        Shape window = new Shape(1, 3, 360, 720);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = segNet(CAMVID_CLASSES);
            net.initialize(manager, DataType.FLOAT32, window);
            SlidingWindowPredictor predictor =
                    new SlidingWindowPredictor(
                            net,
                            manager,
                            new InferenceSettings(
                                    CAMVID_CLASSES,
                                    360,
                                    720,
                                    360,
                                    List.of(1.0),
                                    Normalization.IMAGENET,
                                    /* flip= */ true));
            Mat image = new Mat(360, 480, CvType.CV_32FC3);
            org.opencv.core.Core.randu(image, 0, 255);
            times.measure(reps, () -> predictor.predict(image));
            image.release();
        }
    }

    /**
     * {@code tool/compact.sh DATASET segnet_0.5} on a hard-masked checkpoint of the shipped
     * configuration, in a temporary experiment root ({@code ACOSP_EXP_ROOT}, set by the caller).
     */
    private static void compaction(String dataset, Times times) throws Exception {
        Path config = Path.of("config", dataset, dataset + "_segnet_0.5.yaml");
        ExperimentConfig c = ConfigLoader.load(config, List.of("train_gpu", "[]"));
        Path checkpoint = new ExperimentLayout(c).finalCheckpoint();
        HardMaskedCheckpoint.write(c, checkpoint);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            int rounds = Integer.getInteger("acosp.compact.rounds", 5);
            times.once(
                    () -> {
                        try {
                            new CompactExperiment(c, rounds).run(out);
                        } catch (IOException | MalformedModelException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    true);
        }
        System.err.print(text.toString(StandardCharsets.UTF_8));
    }
}
