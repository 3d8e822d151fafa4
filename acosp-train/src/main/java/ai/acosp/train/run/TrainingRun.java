package ai.acosp.train.run;

import ai.acosp.core.ForwardScope;
import ai.acosp.core.SoftTopKPruner;
import ai.acosp.core.nn.Scalars;
import ai.acosp.data.DataLoaderExecutors;
import ai.acosp.data.SeededDataset;
import ai.acosp.train.checkpoint.AtomicFiles;
import ai.acosp.train.checkpoint.Checkpoint;
import ai.acosp.train.checkpoint.CheckpointCompatibility;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ConfigWriter;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.config.Pruning;
import ai.acosp.train.experiment.DataFactory;
import ai.acosp.train.experiment.Devices;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelFactory;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.failure.Failures;
import ai.acosp.train.log.ConsoleLog;
import ai.acosp.train.log.ScalarLog;
import ai.acosp.train.metrics.AverageMeter;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.acosp.train.optim.InPlaceParameterServer;
import ai.acosp.train.optim.LearningRateSchedule;
import ai.acosp.train.optim.ScheduledLearningRate;
import ai.acosp.train.optim.TorchAdam;
import ai.acosp.train.optim.TorchOptimizer;
import ai.acosp.train.optim.TorchSgd;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The training phase of an experiment: the epoch loop.
 *
 * <p>Builds the network from {@code arch}, gives it the pruner's masks, initialises it (from {@code
 * weight}, {@code backbone_weight} or a {@code resume} checkpoint) and trains epoch by epoch. The
 * pruner is a training listener of the trainer, as a DJL user adds it for {@code EasyTrain}: the
 * trainer notifies {@code onTrainingBegin} when it is created, the loop {@code onEpoch} after each
 * epoch (and its validation) and {@code onTrainingEnd} after the last one. So after each epoch the
 * mask statistics are logged and the temperature falls; once {@code ending_epoch} epochs have
 * completed the soft masks harden (and with {@code refill_pruned} fold into the convolutions with
 * the pruned filters refilled), before that epoch's checkpoint is written, with the random seed of
 * the next epoch; after the last epoch soft masks left are hardened. The lines it prints are {@link
 * TrainingConsole}'s ({@link PruningLog} reports what the pruner did), the scalars it logs {@link
 * TrainingScalars}'s, the facts in its checkpoints {@link CheckpointCompatibility#facts}. SGD (or
 * Adam) follows PyTorch's rules, the learning rate is set every iteration, PSPNet's pyramid module
 * and heads train at 10 times the rate. A checkpoint is written every {@code save_freq} epochs and
 * at the end. Console lines, a saved log, TensorBoard events and a CSV report the run.
 *
 * <p>SIGINT and SIGTERM stop the run after the current step: it saves a checkpoint (in the middle
 * of an epoch {@code train_epoch_<E>_step_<S>.ckpt}: E completed epochs and S steps of the next),
 * then throws {@link TrainingStopped}, whose message says how to resume. A resume from a mid-epoch
 * checkpoint skips the batches of that epoch that were already trained (they are still loaded, in
 * the same seeded order, and dropped), so it ends where an uninterrupted run ends. Temporary files
 * of a checkpoint write that a killed process left behind are removed at the start.
 */
public final class TrainingRun {

    private final ExperimentConfig config;
    private final ExperimentLayout layout;
    private TrainingConsole console;
    private TrainingScalars scalars;
    private EpochListener listener = (epoch, model, trainer) -> {};
    private StopSignal stop;
    private long seed;
    private SegmentationMetrics lastValidation;

    /**
     * Creates the run.
     *
     * @param config the configuration
     */
    public TrainingRun(ExperimentConfig config) {
        this.config = config;
        this.layout = new ExperimentLayout(config);
    }

    /**
     * Sets what to call after each epoch, e.g. to watch memory or collect figures.
     *
     * @param listener the listener
     * @return this run
     */
    public TrainingRun setEpochListener(EpochListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * The validation counts of the last finished epoch ({@code evaluate: True}), for an {@link
     * EpochListener} that collects figures.
     *
     * @return the counts, or {@code null} before the first validation
     */
    public SegmentationMetrics lastValidation() {
        return lastValidation;
    }

    /**
     * Trains.
     *
     * @return the final checkpoint
     * @throws IOException if data or files cannot be read or written
     * @throws MalformedModelException if initial weights do not fit the network
     */
    public Path run() throws IOException, MalformedModelException {
        Files.createDirectories(layout.folder());
        Files.copy(
                config.getFile(),
                layout.folder().resolve(config.getFile().getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
        ConfigWriter.write(config, layout.folder().resolve("config.yaml"));
        try (ConsoleLog log = new ConsoleLog(layout.logFile("train"));
                ScalarLog scalarLog = new ScalarLog(layout.tensorboardFolder());
                StopSignal signals = StopSignal.install()) {
            console = new TrainingConsole(log, config.getName(), config.getInt("epochs"));
            scalars = new TrainingScalars(scalarLog);
            stop = signals;
            try {
                console.println(
                        "=> "
                                + config.getDataset()
                                + " "
                                + config.getName()
                                + ": "
                                + layout.folder());
                console.println(
                        "=> configuration as run: " + layout.folder().resolve("config.yaml"));
                log.logOnly(ConfigWriter.toYaml(config));
                return train();
            } catch (TrainingStopped e) {
                log.logOnly(e.getMessage());
                throw e;
            } catch (Exception e) {
                log.logOnly(Failures.logText(e));
                throw e;
            }
        } finally {
            console = null;
            scalars = null;
            stop = null;
        }
    }

    private Path train() throws IOException, MalformedModelException {
        Device[] devices = Devices.select(config, "train_gpu");
        Integer manualSeed = (Integer) config.get("manual_seed");
        seed = manualSeed == null ? System.nanoTime() & 0x7fffffffL : manualSeed;
        Engine.getInstance().setRandomSeed((int) seed);

        for (Path leftover : AtomicFiles.removeLeftovers(layout.modelFolder())) {
            console.println("=> removed " + leftover + ", left by an interrupted checkpoint write");
        }
        Block block = ModelFactory.build(config);
        SoftTopKPruner pruner = Pruning.fromConfig(config);
        Path resume = layout.userFile("resume");
        if (resume != null && !Files.isRegularFile(resume)) {
            throw config.fail("resume", "no such checkpoint: " + resume.toAbsolutePath());
        }
        Checkpoint.Header resumed = resume == null ? null : Checkpoint.readHeader(resume);
        int batchSize = config.getInt("batch_size");
        int epochs = config.getInt("epochs");

        try (Model model =
                Model.newInstance(config.getDataset() + "_" + config.getName(), devices[0])) {
            model.setBlock(block);
            ModelSetup.prepare(
                    config,
                    layout,
                    block,
                    pruner,
                    model.getNDManager(),
                    ModelFactory.inputShape(config, 1),
                    resumed);
            int startEpoch = resumed == null ? config.getInt("start_epoch") : resumed.epoch();
            SeededDataset trainData = DataFactory.training(config, layout, seed, startEpoch);
            SeededDataset valData =
                    config.getBoolean("evaluate") ? DataFactory.validation(config, layout) : null;
            long iterationsPerEpoch = trainData.size() / batchSize;
            if (iterationsPerEpoch == 0) {
                throw config.fail(
                        "batch_size",
                        "is larger than the training set (" + trainData.size() + " samples)");
            }
            ScheduledLearningRate rate =
                    new ScheduledLearningRate(
                            LearningRateSchedule.named(
                                    config.getChoice("lr_schedule"),
                                    config.getDouble("base_lr"),
                                    iterationsPerEpoch,
                                    epochs,
                                    config.getDouble("power")),
                            ModelFactory.headParameterIds(config, block),
                            ModelFactory.HEAD_RATE_FACTOR);
            TorchOptimizer optimizer = optimizer(rate);
            long iteration = startEpoch * iterationsPerEpoch;
            if (resumed != null) {
                // restores the masks' temperature too
                Checkpoint.load(resume, block, model.getNDManager(), optimizer);
                iteration = resumed.iteration();
                console.println("=> resumed from '" + resume + "' after epoch " + startEpoch);
            }
            // the listener's epoch counter only: the masks' temperature is the checkpoint's (or,
            // for a new run, the initial one)
            pruner.setCurrentEpoch(null, startEpoch);
            Loss loss = ModelFactory.loss(config);
            DefaultTrainingConfig trainingConfig =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(optimizer)
                            .optDevices(devices)
                            .addTrainingListeners(
                                    pruner, new PruningLog(pruner, console, scalars, epochs));
            ExecutorService pool =
                    config.getInt("workers") > 0
                            ? DataLoaderExecutors.create(
                                    config.getInt("workers"), () -> JniUtils.setGradMode(false))
                            : null;
            // the trainer notifies onTrainingBegin, where the pruner hardens the soft masks of a
            // checkpoint at or after the ending epoch with the random draws of that epoch
            Engine.getInstance().setRandomSeed((int) (seed + startEpoch));
            try (Trainer trainer =
                    newTrainer(
                            model,
                            trainingConfig,
                            optimizer,
                            ModelFactory.inputShape(config, batchSize))) {
                BatchStep step =
                        new BatchStep(
                                trainer,
                                loss,
                                config.getInt("classes"),
                                config.getInt("ignore_label"));
                new Epochs(model, trainer, step, pool, rate, optimizer, iterationsPerEpoch)
                        .run(trainData, valData, startEpoch, iteration);
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
        return layout.finalCheckpoint();
    }

    private TorchOptimizer optimizer(ScheduledLearningRate rate) {
        float weightDecay = config.getFloat("weight_decay");
        if ("adam".equals(config.getChoice("optimizer"))) {
            return TorchAdam.builder()
                    .setLearningRateTracker(rate)
                    .optWeightDecays(weightDecay)
                    .build();
        }
        return TorchSgd.builder()
                .setLearningRateTracker(rate)
                .optMomentum(config.getFloat("momentum"))
                .optWeightDecays(weightDecay)
                .build();
    }

    private TrainingStopped stopped(Path checkpoint, String when) {
        return new TrainingStopped(
                "stopped by "
                        + stop.name()
                        + " "
                        + when
                        + "; checkpoint "
                        + checkpoint
                        + "; to resume, run the same command with: resume "
                        + checkpoint,
                stop.exitCode(),
                checkpoint);
    }

    /** The epoch loop of a run, over the trainer and what it trains with. */
    private final class Epochs {

        private final Model model;
        private final Trainer trainer;
        private final BatchStep step;
        private final ExecutorService pool;
        private final ScheduledLearningRate rate;
        private final TorchOptimizer optimizer;
        private final long iterationsPerEpoch;

        Epochs(
                Model model,
                Trainer trainer,
                BatchStep step,
                ExecutorService pool,
                ScheduledLearningRate rate,
                TorchOptimizer optimizer,
                long iterationsPerEpoch) {
            this.model = model;
            this.trainer = trainer;
            this.step = step;
            this.pool = pool;
            this.rate = rate;
            this.optimizer = optimizer;
            this.iterationsPerEpoch = iterationsPerEpoch;
        }

        /**
         * Runs the epochs from {@code startEpoch} on.
         *
         * @param trainData the training data
         * @param valData the validation data, or null
         * @param startEpoch the first epoch to train (0-based)
         * @param trained the iterations trained before
         * @throws IOException if data or files cannot be read or written
         */
        void run(SeededDataset trainData, SeededDataset valData, int startEpoch, long trained)
                throws IOException {
            int epochs = config.getInt("epochs");
            long iteration = trained;
            for (int epoch = startEpoch; epoch < epochs; epoch++) {
                // re-seeding each epoch makes a resumed run draw what an uninterrupted one does
                Engine.getInstance().setRandomSeed((int) (seed + epoch));
                trainData.setEpoch(epoch);
                iteration = trainEpoch(trainData, epoch, iteration);
                long trainedSteps = iteration - epoch * iterationsPerEpoch;
                if (trainedSteps < iterationsPerEpoch) {
                    Path file = layout.stopCheckpoint(epoch, trainedSteps);
                    save(file, epoch, iteration);
                    throw stopped(file, "after step " + trainedSteps + " of epoch " + (epoch + 1));
                }
                if (valData != null) {
                    validate(valData, epoch);
                }
                int completed = epoch + 1;
                if (completed < epochs) {
                    // the pruner begins the next epoch now (at the ending epoch it hardens the
                    // masks,
                    // with refill_pruned drawing filters): with that epoch's seed, as a resumed run
                    Engine.getInstance().setRandomSeed((int) (seed + completed));
                }
                trainer.notifyListeners(l -> l.onEpoch(trainer));
                if (completed == epochs) {
                    // the trainer notifies it again when it closes: too late for the final
                    // checkpoint
                    trainer.notifyListeners(l -> l.onTrainingEnd(trainer));
                }
                if (completed % config.getInt("save_freq") == 0
                        || completed == epochs
                        || stop.requested()) {
                    save(layout.checkpoint(completed), completed, iteration);
                }
                scalars.flush();
                listener.onEpochEnd(epoch, model, trainer);
                if (stop.requested()) {
                    throw stopped(layout.checkpoint(completed), "after epoch " + completed);
                }
            }
        }

        private long trainEpoch(SeededDataset data, int epoch, long iteration) throws IOException {
            int epochs = config.getInt("epochs");
            long maxIterations = epochs * iterationsPerEpoch;
            int printFreq = config.getInt("print_freq");
            AverageMeter dataTime = new AverageMeter();
            AverageMeter batchTime = new AverageMeter();
            AverageMeter mainLoss = new AverageMeter();
            AverageMeter auxLoss = new AverageMeter();
            AverageMeter totalLoss = new AverageMeter();
            SegmentationMetrics epochMetrics =
                    new SegmentationMetrics(
                            config.getInt("classes"), config.getInt("ignore_label"));
            long current = iteration;
            long start = System.nanoTime();
            int index = 0;
            // a resume from a checkpoint of a stop in the middle of this epoch
            long trainedBefore = iteration - epoch * iterationsPerEpoch;
            for (Batch batch : iterate(data, trainer, pool)) {
                try (batch) {
                    if (index < trainedBefore) {
                        index++;
                        start = System.nanoTime();
                        continue;
                    }
                    long loaded = System.nanoTime();
                    dataTime.update((loaded - start) / 1e9);
                    current++;
                    index++;
                    rate.setIteration(current);
                    // seeded per step, so a run resumed in the middle of an epoch draws the same
                    // dropout
                    Engine.getInstance().setRandomSeed((int) (seed + current));
                    StepResult result = step.train(batch);
                    trainer.step();
                    epochMetrics.add(result.metrics());
                    mainLoss.update(result.mainLoss(), result.samples());
                    auxLoss.update(result.auxLoss(), result.samples());
                    totalLoss.update(result.loss(), result.samples());
                    long end = System.nanoTime();
                    batchTime.update((end - start) / 1e9);
                    start = end;
                    console.step(
                            epoch,
                            index,
                            iterationsPerEpoch,
                            index % printFreq == 0,
                            dataTime,
                            batchTime,
                            mainLoss,
                            auxLoss,
                            totalLoss,
                            result.metrics().allAccuracy(),
                            current,
                            maxIterations);
                    scalars.step(current, result, rate.currentRate());
                    if (stop.requested() && index < iterationsPerEpoch) {
                        return current;
                    }
                }
            }
            console.epochResult("Train", epoch, epochMetrics);
            scalars.epoch("train", epoch, totalLoss.average(), epochMetrics);
            return current;
        }

        private void validate(SeededDataset data, int epoch) throws IOException {
            AverageMeter loss = new AverageMeter();
            SegmentationMetrics metrics =
                    new SegmentationMetrics(
                            config.getInt("classes"), config.getInt("ignore_label"));
            for (Batch batch : iterate(data, trainer, pool)) {
                try (batch) {
                    StepResult result = step.validate(batch);
                    loss.update(result.loss(), result.samples());
                    metrics.add(result.metrics());
                }
            }
            console.epochResult("Val", epoch, metrics);
            scalars.epoch("val", epoch, loss.average(), metrics);
            lastValidation = metrics;
        }

        private void save(Path file, int completed, long iteration) throws IOException {
            Block block = model.getBlock();
            Checkpoint.save(
                    file,
                    block,
                    new Checkpoint.Header(
                            completed,
                            iteration,
                            MaskState.of(block),
                            CheckpointCompatibility.facts(config, block)),
                    optimizer);
            console.println("Saving checkpoint to: " + file);
        }
    }

    private static Iterable<Batch> iterate(
            SeededDataset data, Trainer trainer, ExecutorService pool) throws IOException {
        try {
            return data.getData(trainer.getManager(), pool);
        } catch (TranslateException e) {
            throw new IOException("cannot prepare the data", e);
        }
    }

    /**
     * Gives every trained parameter its gradient and its optimizer buffers before the first step,
     * where they take memory in one piece; made by the first step, they fill the gaps that its
     * freed activations leave, and the heap grows in the next steps (PSPNet-50 at 2x3x473x473: peak
     * 5.0-5.24 against 5.33-5.48 GB, the second step 12.8 against 13.8-14.8 s). Both start at zero,
     * as they would: the first backward pass adds to a zero gradient, and the buffers start at zero
     * either way.
     */
    private static void allocateTrainingState(
            Model model, Trainer trainer, TorchOptimizer optimizer) {
        NDList weights = new NDList();
        Set<NDArray> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            Parameter parameter = p.getValue();
            // a shared parameter (one mask for coupled layers) is listed once per user
            if (parameter.requiresGradient()
                    && parameter.isInitialized()
                    && seen.add(parameter.getArray())) {
                weights.add(parameter.getArray());
                // before the scope below lends the weights: the buffers go to their own manager
                optimizer.allocateState(parameter.getId(), parameter.getArray());
            }
        }
        if (weights.isEmpty()) {
            return;
        }
        // libtorch gives a parameter its gradient at its first backward pass: a pass over
        // 0 * sum(w) gives each one a zero gradient now
        try (NDManager scope = ForwardScope.open(weights);
                GradientCollector collector = trainer.newGradientCollector()) {
            NDArray total = null;
            for (NDArray w : weights) {
                NDArray zero = w.sum().mul(Scalars.of(w, 0));
                total = total == null ? zero : total.add(zero);
            }
            collector.backward(total);
        }
    }

    /**
     * A trainer as training builds it: DJL's trainer of the configuration, whose optimizer updates
     * each weight with its own gradient ({@link InPlaceParameterServer}), initialised for the
     * input. The benchmarks time steps on the same.
     *
     * @param model the model
     * @param config the training configuration, whose optimizer is {@code optimizer}
     * @param optimizer the optimizer
     * @param input the input shape of a batch
     * @return the trainer; close it
     */
    public static Trainer newTrainer(
            Model model, DefaultTrainingConfig config, TorchOptimizer optimizer, Shape input) {
        Trainer trainer = model.newTrainer(config);
        try {
            InPlaceParameterServer.install(trainer, optimizer);
            trainer.initialize(input);
            allocateTrainingState(model, trainer, optimizer);
            return trainer;
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }
}
