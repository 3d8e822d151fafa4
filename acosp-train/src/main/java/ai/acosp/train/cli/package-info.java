/**
 * The command-line side of the tools: how an entry point ends when something fails. {@link
 * ai.acosp.train.cli.EntryPoint} runs a tool's body and turns any failure into one line {@code
 * error: <what>, <where> (<file>[:<line>]), <what to do>} and an exit code ({@link
 * ai.acosp.train.cli.Failure}: 2 configuration, 3 data, 4 checkpoints and weights, 1 otherwise;
 * 130/143 for a training stopped by SIGINT/SIGTERM); {@link ai.acosp.train.cli.Failures} knows the
 * project's exceptions and finds the one that explains a failure in a chain of causes.
 */
package ai.acosp.train.cli;
