package ai.acosp.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.experiment.ModelSetup;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compares the weights of two trained checkpoints of one configuration. */
final class TrainedWeights {

    private TrainedWeights() {}

    /**
     * Asserts that two checkpoints hold the same parameters, in the same order, up to 1e-4.
     *
     * @param config the configuration both were trained with
     * @param expected the reference checkpoint
     * @param actual the checkpoint to check
     * @throws IOException if a checkpoint cannot be read
     * @throws MalformedModelException if a checkpoint does not fit the model
     */
    static void assertSame(ExperimentConfig config, Path expected, Path actual)
            throws IOException, MalformedModelException {
        try (Model a = Model.newInstance("a", Device.cpu());
                Model b = Model.newInstance("b", Device.cpu())) {
            List<Pair<String, Parameter>> left = parameters(config, expected, a);
            List<Pair<String, Parameter>> right = parameters(config, actual, b);
            assertEquals(left.size(), right.size());
            for (int i = 0; i < left.size(); i++) {
                assertArrayEquals(
                        left.get(i).getValue().getArray().toFloatArray(),
                        right.get(i).getValue().getArray().toFloatArray(),
                        1e-4f,
                        left.get(i).getKey());
            }
        }
    }

    private static List<Pair<String, Parameter>> parameters(
            ExperimentConfig config, Path checkpoint, Model model)
            throws IOException, MalformedModelException {
        Block block = ModelSetup.loadTrained(config, checkpoint, model);
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        block.getParameters().forEach(parameters::add);
        return parameters;
    }
}
