package ai.acosp.train.experiment;

import ai.acosp.models.Architecture;
import ai.acosp.models.loss.IgnoreLabelSoftmaxCrossEntropy;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the network, its training loss and its parameter groups from {@code arch}, {@code layers},
 * {@code classes}, {@code zoom_factor}, {@code aux_weight} and {@code ignore_label}.
 */
public final class ModelFactory {

    /** The PSPNet modules trained at 10 times the base learning rate. */
    public static final List<String> PSP_HEAD_MODULES = List.of("ppm", "cls", "aux");

    /** The learning-rate factor of the PSPNet pyramid module and heads. */
    public static final float HEAD_RATE_FACTOR = 10f;

    private ModelFactory() {}

    /**
     * Builds the network, not initialised.
     *
     * @param c the configuration
     * @return the block
     */
    public static Block build(ExperimentConfig c) {
        int classes = c.getInt("classes");
        String arch = c.getChoice("arch");
        if (!Architecture.NAMES.contains(arch)) {
            throw c.fail("arch", "unknown architecture");
        }
        boolean psp = Architecture.PSP.equals(arch);
        return new Architecture(
                        arch,
                        classes,
                        psp ? c.getInt("layers") : 0,
                        psp ? c.getInt("zoom_factor") : 1,
                        true,
                        3)
                .build();
    }

    /**
     * Whether the network classifies whole images (CIFAR-10) rather than pixels.
     *
     * @param c the configuration
     * @return true for {@code resnet18}
     */
    public static boolean isClassifier(ExperimentConfig c) {
        return "resnet18".equals(c.getChoice("arch"));
    }

    /**
     * The input shape of one training sample batch, used to initialise the network.
     *
     * @param c the configuration
     * @param batch the batch size
     * @return {@code (batch, 3, train_h, train_w)}
     */
    public static Shape inputShape(ExperimentConfig c, long batch) {
        return new Shape(batch, 3, c.getInt("train_h"), c.getInt("train_w"));
    }

    /**
     * The training loss: cross entropy that skips {@code ignore_label}, plus {@code aux_weight}
     * times the auxiliary loss for PSPNet.
     *
     * @param c the configuration
     * @return the loss
     */
    public static Loss loss(ExperimentConfig c) {
        int ignore = c.getInt("ignore_label");
        return switch (c.getChoice("arch")) {
            case "psp" -> PSPNet.trainingLoss(c.getFloat("aux_weight"), ignore);
            case "resnet18" -> Loss.softmaxCrossEntropyLoss();
            default -> new IgnoreLabelSoftmaxCrossEntropy(ignore);
        };
    }

    /**
     * The ids of the parameters that train at {@link #HEAD_RATE_FACTOR} times the rate: those of
     * the PSPNet pyramid module and heads (mask logits inside them included), none for other
     * networks.
     *
     * @param c the configuration
     * @param model the network, after the pruner has configured it
     * @return parameter ids
     */
    public static Set<String> headParameterIds(ExperimentConfig c, Block model) {
        Set<String> ids = new HashSet<>();
        if (!"psp".equals(c.getChoice("arch"))) {
            return ids;
        }
        for (Pair<String, Block> child : model.getChildren()) {
            if (PSP_HEAD_MODULES.contains(child.getKey())) {
                for (Pair<String, Parameter> parameter : child.getValue().getParameters()) {
                    ids.add(parameter.getValue().getId());
                }
            }
        }
        return ids;
    }
}
