/**
 * The experiment configuration: the semseg YAML format (sections {@code DATA}, {@code TRAIN},
 * {@code Distributed}, {@code TEST} merged into one flat key set), command-line {@code key value}
 * overrides and the checks that stop a run before any work.
 */
package ai.acosp.train.config;
