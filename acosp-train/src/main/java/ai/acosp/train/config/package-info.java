/**
 * The experiment configuration: the semseg YAML format (sections {@code DATA}, {@code TRAIN},
 * {@code Distributed}, {@code TEST} merged into one flat key set), command-line {@code key value}
 * overrides and the checks that stop a run before any work, among them the pruning keys, which
 * {@link ai.acosp.train.config.Pruning} turns into the experiment's pruner.
 */
package ai.acosp.train.config;
