/**
 * The benchmark's command line: {@link ai.acosp.bench.cli.Bench} is the entry point of {@code
 * tool/bench.sh}; failures end with one line and an exit code through {@code acosp-train}'s {@link
 * ai.acosp.train.cli.EntryPoint}, as for the other tools.
 */
package ai.acosp.bench.cli;
