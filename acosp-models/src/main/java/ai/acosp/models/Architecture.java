package ai.acosp.models;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.resnet.ResNet18Cifar;
import ai.acosp.models.segnet.SegNet;
import ai.djl.nn.Block;
import java.util.List;

/**
 * One of this project's networks by name, as a configuration's {@code arch} and a compact model's
 * description call it, with what it takes to build it again. Training and compact loading both
 * build networks through {@link #build()}.
 *
 * @param name {@link #PSP}, {@link #SEGNET} or {@link #RESNET18}
 * @param classes output classes
 * @param layers PSPNet's backbone depth (50, 101 or 152); ignored by the other networks
 * @param zoomFactor PSPNet's output upsampling factor; ignored by the other networks
 * @param usePpm whether PSPNet has its pyramid pooling module; ignored by the other networks
 * @param inChannels SegNet's input channels; the other networks take 3
 */
public record Architecture(
        String name, int classes, int layers, int zoomFactor, boolean usePpm, long inChannels) {

    /** PSPNet with a dilated ResNet backbone. */
    public static final String PSP = "psp";

    /** SegNet. */
    public static final String SEGNET = "segnet";

    /** ResNet-18 for 32x32 images (CIFAR-10). */
    public static final String RESNET18 = "resnet18";

    /** The known names. */
    public static final List<String> NAMES = List.of(PSP, SEGNET, RESNET18);

    /**
     * Builds the network, not initialised.
     *
     * @return the block
     * @throws IllegalArgumentException for an unknown name
     */
    public Block build() {
        return switch (name) {
            case PSP ->
                    PSPNet.builder()
                            .setLayers(layers)
                            .setClasses(classes)
                            .optZoomFactor(zoomFactor)
                            .optUsePpm(usePpm)
                            .build();
            case SEGNET -> SegNet.builder().setClasses(classes).optInChannels(inChannels).build();
            case RESNET18 -> ResNet18Cifar.builder().optClasses(classes).build();
            default ->
                    throw new IllegalArgumentException(
                            "unknown architecture '"
                                    + name
                                    + "'; known: "
                                    + String.join(", ", NAMES));
        };
    }

    /**
     * Describes a network built by {@link #build()}, before or after compaction.
     *
     * @param model the network
     * @return its architecture
     * @throws IllegalArgumentException for other blocks
     */
    public static Architecture of(Block model) {
        if (model instanceof PSPNet psp) {
            return new Architecture(
                    PSP,
                    psp.getClasses(),
                    psp.getLayers(),
                    psp.getZoomFactor(),
                    psp.getChildren().contains("ppm"),
                    3);
        }
        if (model instanceof SegNet segnet) {
            return new Architecture(
                    SEGNET, segnet.getClasses(), 0, 1, true, segnet.getInChannels());
        }
        if (model instanceof ResNet18Cifar resnet) {
            return new Architecture(RESNET18, resnet.getClasses(), 0, 1, true, 3);
        }
        throw new IllegalArgumentException(
                "no architecture description for " + model.getClass().getName());
    }
}
