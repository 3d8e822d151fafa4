package ai.acosp.train.run;

import ai.acosp.core.ForwardScope;
import ai.acosp.core.nn.Scalars;
import ai.acosp.models.loss.AuxiliaryLoss;
import ai.acosp.train.metrics.SegmentationMetrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;

/**
 * One training or validation step on a batch: split it over the trainer's devices, forward, losses
 * (main and auxiliary separately for the log), backward and the pixel counts of the prediction.
 *
 * <p>A training split runs in a manager of its own that closes before the next split and before the
 * optimizer: the logits go once the losses and the prediction are taken (the reference's model
 * returns only their argmax), each activation as soon as the backward pass has used it, and the
 * optimizer runs with nothing of the step left.
 */
public final class BatchStep {

    private final Trainer trainer;
    private final Loss base;
    private final float auxWeight;
    private final int classes;
    private final int ignoreLabel;

    /**
     * Creates the step.
     *
     * @param trainer the trainer
     * @param loss the training loss; an {@link AuxiliaryLoss} is split into its parts
     * @param classes the number of classes
     * @param ignoreLabel the label without a class
     */
    public BatchStep(Trainer trainer, Loss loss, int classes, int ignoreLabel) {
        this.trainer = trainer;
        if (loss instanceof AuxiliaryLoss aux) {
            base = aux.getBase();
            auxWeight = aux.getAuxWeight();
        } else {
            base = loss;
            auxWeight = 0f;
        }
        this.classes = classes;
        this.ignoreLabel = ignoreLabel;
    }

    /**
     * Trains on one batch (without the optimizer step): the gradients are in the parameters
     * afterwards, and nothing else of the step is.
     *
     * @param batch the batch
     * @return losses and counts
     */
    public StepResult train(Batch batch) {
        double main = 0;
        double aux = 0;
        double total = 0;
        SegmentationMetrics metrics = new SegmentationMetrics(classes, ignoreLabel);
        int samples = 0;
        Batch[] splits = batch.split(trainer.getDevices(), false);
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (Batch split : splits) {
                NDList data = split.getData();
                NDList labels = split.getLabels();
                NDList arrays = new NDList(data);
                arrays.addAll(labels);
                try (NDManager pass = ForwardScope.open(arrays)) {
                    NDList predictions = trainer.forward(data, labels);
                    NDArray mainLoss = base.evaluate(labels, new NDList(predictions.get(0)));
                    NDArray loss = mainLoss;
                    NDArray auxLoss = null;
                    if (auxWeight > 0 && predictions.size() > 1) {
                        auxLoss = base.evaluate(labels, new NDList(predictions.get(1)));
                        // a scalar array, not a Java float: see ai.acosp.core.nn.Scalars
                        loss = mainLoss.add(auxLoss.mul(Scalars.of(auxLoss, auxWeight)));
                    }
                    count(metrics, predictions.get(0), labels.head());
                    // autograd keeps what the backward pass needs; these handles only keep the
                    // logits, which it does not need
                    predictions.close();
                    long n = split.getSize();
                    if (splits.length > 1) {
                        // DJL sums the devices' gradients: weighting each split's mean loss by its
                        // share gives the gradient of the whole batch's mean, as DataParallel does
                        collector.backward(loss.mul(Scalars.of(loss, (float) n / batch.getSize())));
                    } else {
                        collector.backward(loss);
                    }
                    samples += (int) n;
                    main += mainLoss.getFloat() * n;
                    aux += auxLoss == null ? 0 : auxLoss.getFloat() * n;
                    total += loss.getFloat() * n;
                }
            }
        }
        return new StepResult(main / samples, aux / samples, total / samples, metrics, samples);
    }

    /**
     * Evaluates one batch in inference mode.
     *
     * @param batch the batch
     * @return the main loss and counts
     */
    StepResult validate(Batch batch) {
        double main = 0;
        SegmentationMetrics metrics = new SegmentationMetrics(classes, ignoreLabel);
        int samples = 0;
        for (Batch split : batch.split(trainer.getDevices(), false)) {
            NDList labels = split.getLabels();
            NDList predictions = trainer.evaluate(split.getData());
            long n = split.getSize();
            samples += (int) n;
            main += base.evaluate(labels, new NDList(predictions.get(0))).getFloat() * n;
            count(metrics, predictions.get(0), labels.head());
        }
        return new StepResult(main / samples, 0, main / samples, metrics, samples);
    }

    private static void count(SegmentationMetrics metrics, NDArray logits, NDArray label) {
        int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        int[] truth = label.toType(DataType.INT32, false).toIntArray();
        metrics.add(predicted, truth);
    }
}
