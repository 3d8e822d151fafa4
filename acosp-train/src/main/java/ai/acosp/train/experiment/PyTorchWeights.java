package ai.acosp.train.experiment;

import ai.acosp.models.io.ImportOptions;
import ai.acosp.models.io.ImportReport;
import ai.acosp.models.io.PretrainedBackbones;
import ai.acosp.models.io.StateDictIO;
import ai.acosp.models.io.WeightImportException;
import ai.acosp.models.io.WeightImporter;
import ai.acosp.models.pspnet.PSPNet;
import ai.acosp.models.segnet.SegNet;
import ai.acosp.train.checkpoint.CheckpointException;
import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * PyTorch weight files (the reference's checkpoints, ImageNet backbones), read through the importer
 * of {@code acosp-models}.
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
                    soft |=
                            conv != null
                                    && conv.getShape().dimension() == 4
                                    && find(tensors, path + ".1.running_mean") == null;
                }
            }
            return soft ? MaskState.SOFT : MaskState.NONE;
        }
    }

    static void load(Path file, Block block, NDManager manager) throws IOException {
        try {
            WeightImporter.load(block, file, ImportOptions.strict());
        } catch (WeightImportException e) {
            throw misfit(file, e.getReport());
        }
    }

    /**
     * A one-line summary of a failed strict import: counts and the first offending key of each
     * kind.
     */
    private static CheckpointException misfit(Path file, ImportReport report) {
        StringBuilder problem = new StringBuilder("the weights do not fit the configured network:");
        summarise(problem, "missing", report.getMissing());
        summarise(problem, "unexpected", report.getUnexpected());
        summarise(problem, "mismatched", report.getMismatched());
        String hint = report.getHints().isEmpty() ? "" : " (" + report.getHints().get(0) + ")";
        return new CheckpointException(
                file,
                problem.toString(),
                "check arch, layers, classes and sparsity against the run that wrote it" + hint,
                null);
    }

    private static void summarise(StringBuilder text, String kind, List<String> keys) {
        if (!keys.isEmpty()) {
            text.append(' ')
                    .append(keys.size())
                    .append(' ')
                    .append(kind)
                    .append(" (")
                    .append(keys.get(0))
                    .append(keys.size() > 1 ? ", ..." : "")
                    .append(')');
        }
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
                throw c.fail(
                        "backbone_weight", "only PSPNet (ResNet) and SegNet (VGG-16) have one");
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
