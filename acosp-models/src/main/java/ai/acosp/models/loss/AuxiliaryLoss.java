package ai.acosp.models.loss;

import ai.acosp.core.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The loss of a network with an auxiliary head, {@code main + auxWeight * aux}, where both terms
 * are one base loss on the first (main) and second (auxiliary) prediction against the same labels.
 * With one prediction (an inference pass) it is the base loss of the main prediction. PSPNet trains
 * on this with {@link IgnoreLabelSoftmaxCrossEntropy} and weight 0.4.
 */
public class AuxiliaryLoss extends Loss {

    private final Loss base;
    private final float auxWeight;

    /**
     * Creates the loss named {@code "MainAuxLoss"}.
     *
     * @param base the loss of each head
     * @param auxWeight the weight of the auxiliary head's loss
     */
    public AuxiliaryLoss(Loss base, float auxWeight) {
        this("MainAuxLoss", base, auxWeight);
    }

    /**
     * Creates the loss.
     *
     * @param name the display name
     * @param base the loss of each head
     * @param auxWeight the weight of the auxiliary head's loss
     */
    public AuxiliaryLoss(String name, Loss base, float auxWeight) {
        super(name);
        this.base = base;
        this.auxWeight = auxWeight;
    }

    /**
     * The loss of each head.
     *
     * @return the base loss
     */
    public Loss getBase() {
        return base;
    }

    /**
     * The weight of the auxiliary loss.
     *
     * @return the weight
     */
    public float getAuxWeight() {
        return auxWeight;
    }

    /** {@inheritDoc} */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray main = base.evaluate(labels, new NDList(predictions.get(0)));
        if (predictions.size() < 2) {
            return main;
        }
        NDArray aux = base.evaluate(labels, new NDList(predictions.get(1)));
        // a scalar array, not a Java float: see ai.acosp.core.nn.Scalars
        return main.add(aux.mul(Scalars.of(aux, auxWeight)));
    }
}
