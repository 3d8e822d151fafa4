package ai.acosp.models.loss;

import ai.acosp.models.nn.AtenOperators;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross entropy for dense prediction that skips pixels labelled {@code ignoreLabel},
 * PyTorch's {@code nn.CrossEntropyLoss(ignore_index=ignoreLabel)}: the mean over the counted pixels
 * of {@code -log softmax(logits)[label]}. DJL's softmax cross entropy has no ignore label.
 *
 * <p>Predictions: logits {@code (N, C, H, W)} (the first array of the NDList; further arrays are
 * ignored). Labels: class ids {@code (N, H, W)} (or {@code (N, 1, H, W)}) of any numeric type, each
 * in {@code [0, C)} or equal to {@code ignoreLabel}. A batch without counted pixels has loss 0
 * (PyTorch returns NaN there).
 *
 * <p>On the PyTorch engine this is libtorch's {@code log_softmax} and {@code nll_loss} in one call,
 * PyTorch's own kernels; elsewhere it is composed of DJL operations.
 */
public class IgnoreLabelSoftmaxCrossEntropy extends Loss {

    private final int ignoreLabel;

    /**
     * Creates the loss named {@code "SoftmaxCrossEntropy"}.
     *
     * @param ignoreLabel the label of pixels that do not count (255 in the semseg data sets)
     */
    public IgnoreLabelSoftmaxCrossEntropy(int ignoreLabel) {
        this("SoftmaxCrossEntropy", ignoreLabel);
    }

    /**
     * Creates the loss.
     *
     * @param name the display name
     * @param ignoreLabel the label of pixels that do not count
     */
    public IgnoreLabelSoftmaxCrossEntropy(String name, int ignoreLabel) {
        super(name);
        this.ignoreLabel = ignoreLabel;
    }

    /**
     * The label of pixels that do not count.
     *
     * @return the ignore label
     */
    public int getIgnoreLabel() {
        return ignoreLabel;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        NDArray target = labels.head();
        Shape logitShape = logits.getShape();
        Shape targetShape = target.getShape();
        if (targetShape.dimension() == logitShape.dimension() && targetShape.get(1) == 1) {
            target = target.squeeze(1);
            targetShape = target.getShape();
        }
        if (logitShape.dimension() < 2
                || targetShape.dimension() != logitShape.dimension() - 1
                || targetShape.get(0) != logitShape.get(0)
                || !targetShape.slice(1).equals(logitShape.slice(2))) {
            throw new IllegalArgumentException(
                    "expected logits (N, C, H, W) and labels (N, H, W), got "
                            + logitShape
                            + " and "
                            + targetShape);
        }
        NDArray classes = target.toType(DataType.INT64, false);
        return AtenOperators.supports(logits)
                ? AtenOperators.crossEntropy(logits, classes, ignoreLabel)
                : composed(logits, classes);
    }

    /**
     * The loss from DJL operations, for engines other than PyTorch.
     *
     * @param logits {@code (N, C, H, W)}
     * @param classes INT64 labels {@code (N, H, W)}
     * @return the scalar loss
     */
    NDArray composed(NDArray logits, NDArray classes) {
        NDArray counted = classes.neq(ignoreLabel);
        NDArray safeClasses = classes.mul(counted.toType(DataType.INT64, false));
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(safeClasses.expandDims(1), 1).squeeze(1);
        NDArray weights = counted.toType(picked.getDataType(), false);
        NDArray count = weights.sum().maximum(1f);
        return picked.neg().mul(weights).sum().div(count);
    }
}
