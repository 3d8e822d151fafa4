package ai.acosp.train.experiment;

import ai.acosp.train.checkpoint.MaskState;
import ai.acosp.train.config.ExperimentConfig;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import java.io.IOException;
import java.nio.file.Path;

/**
 * PyTorch weight files (the reference's checkpoints and ImageNet backbones), read through the
 * importer of {@code acosp-models}.
 */
final class PyTorchWeights {

    private PyTorchWeights() {}

    static MaskState maskState(Path file) throws IOException {
        throw unavailable(file);
    }

    static void load(Path file, Block block, NDManager manager) throws IOException {
        throw unavailable(file);
    }

    static void loadBackbone(ExperimentConfig c, Path file, Block block, NDManager manager)
            throws IOException {
        throw unavailable(file);
    }

    private static IOException unavailable(Path file) {
        return new IOException(
                file + " is not a checkpoint of this project, and PyTorch import is not wired yet");
    }
}
