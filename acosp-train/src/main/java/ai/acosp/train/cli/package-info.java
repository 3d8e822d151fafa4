/**
 * The command-line home of the YAML-configured ACoSP tools; every {@code main} of {@code
 * acosp-train} is here, thin, and run by a {@code tool/*.sh} script: {@link
 * ai.acosp.train.cli.Train}, {@link ai.acosp.train.cli.Test}, {@link ai.acosp.train.cli.Demo},
 * {@link ai.acosp.train.cli.Compact}, {@link ai.acosp.train.cli.Export} (ONNX), {@link
 * ai.acosp.train.cli.Predict}, {@link ai.acosp.train.cli.ServingExport} and {@link
 * ai.acosp.train.cli.OneDnnCheck} (the oneDNN path for {@code tool/classpath.sh}). A new tool adds
 * one class here that calls its job in its own package, and one script. The benchmark's entry point
 * ({@code tool/bench.sh}) is in {@code acosp-bench}.
 *
 * <p>{@link ai.acosp.train.cli.CommandLine} parses the experiment tools' shared arguments {@code
 * <config.yaml> [key value ...]}; {@link ai.acosp.train.cli.EntryPoint} runs a tool's body and
 * turns any failure into one line and an exit code as {@link ai.acosp.train.failure} describes it
 * (2 for configuration and command line); a training run stopped by SIGINT/SIGTERM ends with its
 * resume hint and 130/143.
 *
 * <p>The module ties {@code acosp-core}, {@code acosp-models} and {@code acosp-data} together; it
 * is the only module that reads YAML or knows the layout of an experiment folder.
 */
package ai.acosp.train.cli;
