package ai.acosp.train.run;

import ai.acosp.data.cifar.Cifar10Dataset;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.data.meta.ClassPalette;
import ai.acosp.data.semseg.ListEntry;
import ai.acosp.data.semseg.SemSegDataset;
import ai.acosp.data.transform.SegSample;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.Devices;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.Palettes;
import ai.acosp.train.failure.Failures;
import ai.acosp.train.inference.InferenceModel;
import ai.acosp.train.inference.PredictionFiles;
import ai.acosp.train.inference.SlidingWindowPredictor;
import ai.acosp.train.log.ConsoleLog;
import ai.acosp.train.metrics.ClassResults;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * The test phase of an experiment, as semseg's test script: loads {@code model_path} (this
 * project's checkpoint or a PyTorch file; {@code sparse: True} builds hard masks first; or with
 * {@code engine onnxruntime} an exported {@code model.onnx}, {@link InferenceModel}), predicts
 * every listed image from {@code index_start} ({@code index_step} images, 0 for all) with the
 * sliding-window recipe, writes gray and colour PNGs, and with {@code calc_results} writes the
 * per-class CSV to {@code result_path} and prints {@code mIoU/mAcc/allAcc}. With {@code
 * has_prediction} the saved gray PNGs are scored instead. CIFAR-10 experiments are scored per image
 * (accuracy per class, mAcc, allAcc).
 */
public final class TestRun {

    private final ExperimentConfig config;
    private final ExperimentLayout layout;

    /**
     * Creates the run.
     *
     * @param config the configuration
     */
    public TestRun(ExperimentConfig config) {
        this.config = config;
        this.layout = new ExperimentLayout(config);
    }

    /**
     * Tests.
     *
     * @return the accumulated counts (empty when {@code calc_results} is off)
     * @throws IOException if data or files cannot be read or written
     * @throws MalformedModelException if the model file does not fit the network
     */
    public SegmentationMetrics run() throws IOException, MalformedModelException {
        Files.createDirectories(layout.folder());
        try (ConsoleLog console = new ConsoleLog(layout.logFile("test"))) {
            try {
                return test(console);
            } catch (Exception e) {
                console.logOnly(Failures.logText(e));
                throw e;
            }
        }
    }

    private SegmentationMetrics test(ConsoleLog console)
            throws IOException, MalformedModelException {
        console.println("=> testing " + config.getDataset() + " " + config.getName());
        SegmentationMetrics metrics =
                new SegmentationMetrics(config.getInt("classes"), config.getInt("ignore_label"));
        ClassPalette palette = Palettes.of(config);
        if (config.getBoolean("has_prediction")) {
            score(console, null, palette, metrics);
        } else {
            Device device = Devices.select(config, "test_gpu")[0];
            try (InferenceModel model = InferenceModel.open(config, device, console::println)) {
                if (DataFactory.isCifar(config)) {
                    classify(model.network(), model.model(), metrics);
                } else {
                    score(console, model.predictor(), palette, metrics);
                }
            }
        }
        if (config.getBoolean("calc_results")) {
            report(console, metrics, palette.getNames());
        }
        return metrics;
    }

    private void score(
            ConsoleLog console,
            SlidingWindowPredictor predictor,
            ClassPalette palette,
            SegmentationMetrics metrics)
            throws IOException {
        SemSegDataset data = DataFactory.testing(config, layout);
        int size = data.getList().size();
        int start = config.getInt("index_start");
        int step = config.getInt("index_step");
        int end = step == 0 ? size : Math.min(start + step, size);
        PredictionFiles files = new PredictionFiles(layout.saveFolder(), palette);
        boolean calc = config.getBoolean("calc_results");
        long begin = System.nanoTime();
        for (int i = start; i < end; i++) {
            ListEntry entry = data.getEntry(i);
            String name = PredictionFiles.baseName(entry.image());
            try (SegSample sample = data.readSample(i)) {
                int[] prediction;
                if (predictor == null) {
                    prediction = files.readGray(name);
                } else {
                    prediction = predictor.predict(sample.image());
                    files.write(name, prediction, sample.height(), sample.width());
                }
                if (calc && sample.hasLabel()) {
                    byte[] label = TensorConversion.labelBytes(sample.label());
                    int[] truth = new int[label.length];
                    for (int p = 0; p < label.length; p++) {
                        truth[p] = label[p] & 0xFF;
                    }
                    metrics.add(prediction, truth);
                }
            }
            int done = i - start + 1;
            console.progress("Testing " + config.getName(), done, end - start, name);
            if (done % 10 == 0 || i == end - 1) {
                double seconds = (System.nanoTime() - begin) / 1e9;
                console.println(
                        String.format(
                                Locale.ROOT,
                                "Test: [%d/%d] Data %s Time %.3f s/image",
                                done,
                                end - start,
                                name,
                                seconds / done));
            }
        }
        console.println("=> predictions in " + layout.saveFolder());
    }

    private void classify(Block block, Model model, SegmentationMetrics metrics)
            throws IOException {
        Cifar10Dataset data = DataFactory.cifarTest(config, layout);
        ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
        try {
            for (Batch batch : data.getData(model.getNDManager())) {
                try (batch) {
                    NDArray input =
                            batch.getData()
                                    .head()
                                    .toDevice(model.getNDManager().getDevice(), false);
                    NDArray logits =
                            block.forward(parameters, new ai.djl.ndarray.NDList(input), false)
                                    .head();
                    int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                    int[] truth =
                            batch.getLabels().head().toType(DataType.INT32, false).toIntArray();
                    metrics.add(predicted, truth);
                }
            }
        } catch (TranslateException e) {
            throw new IOException("cannot prepare the CIFAR-10 test data", e);
        }
    }

    private void report(ConsoleLog console, SegmentationMetrics metrics, List<String> names)
            throws IOException {
        ClassResults.report(metrics, names, layout.resultPath(), console::println);
    }
}
