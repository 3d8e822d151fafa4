/**
 * YAML-configured ACoSP experiments: the command-line entry points {@link ai.acosp.train.Train},
 * {@link ai.acosp.train.Test}, {@link ai.acosp.train.TrainCifar10} and {@link ai.acosp.train.Demo}.
 *
 * <p>This module ties {@code acosp-core}, {@code acosp-models} and {@code acosp-data} together. It
 * is the only module that reads YAML or knows the layout of an experiment folder.
 */
package ai.acosp.train;
