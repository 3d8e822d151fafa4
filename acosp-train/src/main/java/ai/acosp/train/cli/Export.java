package ai.acosp.train.cli;

import ai.acosp.train.export.ExportExperiment;

/**
 * Writes an experiment's model as ONNX ({@link ExportExperiment}): {@code Export <config.yaml> [key
 * value ...]} ({@code tool/export.sh}).
 */
public final class Export {

    private Export() {}

    /**
     * Entry point.
     *
     * @param args the config file and overrides
     */
    public static void main(String[] args) {
        CommandLine.run("Export", args, config -> ExportExperiment.export(config, System.out));
    }
}
