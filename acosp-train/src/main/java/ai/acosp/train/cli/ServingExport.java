package ai.acosp.train.cli;

import ai.acosp.train.config.ConfigLoader;
import ai.acosp.train.config.ExperimentConfig;
import ai.acosp.train.deploy.ServingFolder;
import ai.acosp.train.experiment.ExperimentLayout;
import ai.acosp.train.experiment.ModelSetup;
import ai.acosp.train.failure.UsageException;
import ai.djl.Model;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Saves an experiment's dense or masked model ({@code model_path}, by default the final checkpoint)
 * as a DJL model folder {@code <save_path>/serving/}: {@code config.yaml}, DJL's parameter file and
 * {@code serving.properties}, loadable by {@code Criteria} and DJL Serving (see {@code
 * tool/serving.sh}). A compact folder from {@code tool/compact.sh} is such a folder already.
 */
public final class ServingExport {

    /** The folder under the experiment's {@code save_path}. */
    public static final String FOLDER = "serving";

    private ServingExport() {}

    /**
     * Entry point.
     *
     * @param args the config file and overrides
     */
    public static void main(String[] args) {
        EntryPoint.run(
                () -> {
                    if (args.length < 1) {
                        throw new UsageException(
                                "no config file given",
                                "usage: ServingExport <config.yaml> [key value ...]");
                    }
                    export(
                            ConfigLoader.load(
                                    Path.of(args[0]), Arrays.asList(args).subList(1, args.length)));
                });
    }

    /**
     * Loads the experiment's model and writes its folder.
     *
     * @param c the configuration
     * @return the folder
     * @throws Exception if the model cannot be read or the folder not written
     */
    public static Path export(ExperimentConfig c) throws Exception {
        ExperimentLayout layout = new ExperimentLayout(c);
        Path target = layout.modelFolder().resolve(FOLDER);
        try (Model model = Model.newInstance(FOLDER)) {
            ModelSetup.loadTrained(c, layout.modelPath(), model);
            ServingFolder.saveNetwork(c, model, target);
        }
        System.out.println(
                "=> saved '" + layout.modelPath() + "' as the DJL model folder '" + target + "'");
        return target;
    }
}
