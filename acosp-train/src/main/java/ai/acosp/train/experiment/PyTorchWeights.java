package ai.acosp.train.experiment;

import ai.acosp.models.io.ImportOptions;
import ai.acosp.models.io.PretrainedBackbones;
import ai.acosp.models.io.StateDictIO;
import ai.acosp.models.io.WeightImporter;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * PyTorch weight files (the reference's checkpoints, ImageNet backbones), read through the
 * importer of {@code acosp-models}.
 */
final class PyTorchWeights {

    private static final String MODULE = "module.";

    private PyTorchWeights() {}

    /**
     * The masks a reference state dict holds: HARD when a masked convolution has a {@code
     * <path>.1.mask} buffer, SOFT when it has {@code <path>.1.weight} logits (a 1-D tensor next to
     * a 4-D {@code <path>.0.weight}, without batch-norm statistics), otherwise NONE.
     *
     * @param file the state dict file
     * @return the mask state
     * @throws IOException if the file cannot be read
     */
    static MaskState maskState(Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = StateDictIO.read(file, manager);
            boolean soft = false;
            for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
                String key = strip(entry.getKey());
                if (key.endsWith(".1.mask")) {
                    return MaskState.HARD;
                }
                if (key.endsWith(".1.weight") && entry.getValue().getShape().dimension() == 1) {
                    String path = key.substring(0, key.length() - ".1.weight".length());
                    NDArray conv = find(tensors, path + ".0.weight");
                    soft |= conv != null
                            && conv.getShape().dimension() == 4
                            && find(tensors, path + ".1.running_mean") == null;
                }
            }
            return soft ? MaskState.SOFT : MaskState.NONE;
        }
    }

    static void load(Path file, Block block, NDManager manager) throws IOException {
        WeightImporter.load(block, file, ImportOptions.strict());
    }

    static void loadBackbone(ExperimentConfig c, Path file, Block block, NDManager manager)
            throws IOException {
        try (NDManager scope = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = StateDictIO.read(file, scope);
            if (block instanceof PSPNet psp) {
                PretrainedBackbones.loadResNet(psp, tensors);
            } else if (block instanceof SegNet segnet) {
                PretrainedBackbones.loadVgg16(segnet, tensors);
            } else {
                throw c.fail("backbone_weight", "only PSPNet (ResNet) and SegNet (VGG-16) have one");
            }
        }
    }

    private static NDArray find(Map<String, NDArray> tensors, String key) {
        NDArray value = tensors.get(key);
        return value != null ? value : tensors.get(MODULE + key);
    }

    private static String strip(String key) {
        return key.startsWith(MODULE) ? key.substring(MODULE.length()) : key;
    }
}
