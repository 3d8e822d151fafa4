package ai.acosp.models.io;

import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ImageNet initialisation of the networks' encoders, as the reference does it:
 *
 * <ul>
 *   <li>a deep-base ResNet-50/101/152 state dict ({@code conv1, bn1, conv2, bn2, conv3, bn3, layer1
 *       ... layer4, fc}) into PSPNet's backbone: the stem convolutions and batch norms become
 *       {@code layer0.0/1/3/4/6/7}, the stages keep their names, {@code fc} is dropped;
 *   <li>torchvision's VGG-16 state dict ({@code features.N}, 13 convolutions in order) into
 *       SegNet's encoder units {@code down1.conv1 ... down5.conv3}; {@code classifier} is dropped.
 * </ul>
 *
 * <p>Everything the backbone does not cover (PSPNet's pyramid pooling and heads; SegNet's batch
 * norms and decoder; masks of a pruner-configured model) keeps its initialisation; every backbone
 * tensor must find its place and fit, or the import fails and changes nothing.
 */
public final class PretrainedBackbones {

    private static final Map<String, String> RESNET_STEM =
            Map.of(
                    "conv1", "layer0.0",
                    "bn1", "layer0.1",
                    "conv2", "layer0.3",
                    "bn2", "layer0.4",
                    "conv3", "layer0.6",
                    "bn3", "layer0.7");

    /** torchvision VGG-16 {@code features} indices of the 13 convolutions, in order. */
    private static final int[] VGG16_CONVS = {0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28};

    private static final int[] SEGNET_UNITS = {2, 2, 3, 3, 3};

    private static final Pattern SEGNET_ENCODER_CONV =
            Pattern.compile("down\\d\\.conv\\d\\.cbr_unit\\.0\\.(0\\.)?(weight|bias)");

    private PretrainedBackbones() {}

    /**
     * Loads deep-base ResNet ImageNet weights into PSPNet's {@code layer0 ... layer4}.
     *
     * @param net the initialised PSPNet (masked or not)
     * @param resnet the ResNet state dict (e.g. semseg's {@code resnet50_v2.pth})
     * @return the report; its missing keys are the pyramid pooling, heads and masks
     * @throws WeightImportException if a backbone tensor does not fit
     */
    public static ImportReport loadResNet(PSPNet net, Map<String, NDArray> resnet) {
        ImportOptions options =
                ImportOptions.builder()
                        .optRename(PretrainedBackbones::resNetKey)
                        .optIgnore(key -> key.startsWith("fc."))
                        .optAllowMissing(key -> !key.startsWith("layer"))
                        .optAllowMissingMasks(true)
                        .build();
        return WeightImporter.load(net, resnet, options);
    }

    /**
     * The PSPNet key of a deep-base ResNet key.
     *
     * @param key e.g. {@code conv2.weight} or {@code layer1.0.conv1.weight}
     * @return e.g. {@code layer0.3.weight}; stage keys unchanged
     */
    public static String resNetKey(String key) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            return key;
        }
        String stem = RESNET_STEM.get(key.substring(0, dot));
        return stem == null ? key : stem + key.substring(dot);
    }

    /**
     * Loads torchvision VGG-16 ImageNet weights into SegNet's 13 encoder convolutions.
     *
     * @param net the initialised SegNet (masked or not)
     * @param vgg16 the VGG-16 state dict (e.g. torchvision's {@code vgg16-397923af.pth})
     * @return the report; its missing keys are everything but the encoder convolutions
     * @throws WeightImportException if a VGG convolution does not fit
     */
    public static ImportReport loadVgg16(SegNet net, Map<String, NDArray> vgg16) {
        ImportOptions options =
                ImportOptions.builder()
                        .optRename(PretrainedBackbones::vgg16Key)
                        .optIgnore(key -> key.startsWith("classifier."))
                        .optAllowMissing(key -> !SEGNET_ENCODER_CONV.matcher(key).matches())
                        .optAllowMissingMasks(true)
                        .build();
        return WeightImporter.load(net, vgg16, options);
    }

    /**
     * The SegNet key of a torchvision VGG-16 key.
     *
     * @param key e.g. {@code features.5.weight}
     * @return e.g. {@code down2.conv1.cbr_unit.0.weight}; other keys unchanged
     */
    public static String vgg16Key(String key) {
        if (!key.startsWith("features.")) {
            return key;
        }
        String rest = key.substring("features.".length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return key;
        }
        int index;
        try {
            index = Integer.parseInt(rest.substring(0, dot));
        } catch (NumberFormatException e) {
            return key;
        }
        int conv = 0;
        for (int stage = 0; stage < SEGNET_UNITS.length; stage++) {
            for (int unit = 0; unit < SEGNET_UNITS[stage]; unit++, conv++) {
                if (VGG16_CONVS[conv] == index) {
                    return "down"
                            + (stage + 1)
                            + ".conv"
                            + (unit + 1)
                            + ".cbr_unit.0"
                            + rest.substring(dot);
                }
            }
        }
        return key;
    }
}
