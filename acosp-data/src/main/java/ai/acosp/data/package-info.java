/**
 * Data for ACoSP experiments on DJL: seeded, epoch-aware datasets and the pieces they share.
 *
 * <p>Subpackages: {@link ai.acosp.data.image} (OpenCV image operations and tensor conversion),
 * {@link ai.acosp.data.transform} (the semseg augmentation pipeline), {@link ai.acosp.data.semseg}
 * (list-file datasets), {@link ai.acosp.data.cifar} (CIFAR-10), {@link ai.acosp.data.meta} (class
 * names, palettes, colorize), {@link ai.acosp.data.cityscapes} (label conversion, list generation),
 * and {@link ai.acosp.data.synthetic} (a generated data set); the loader throughput benchmark is in
 * {@code acosp-bench}. The programs among them end a failure with one line and an exit code through
 * {@link ai.acosp.data.DataCommand}.
 *
 * <p>Reproducibility: every random decision for sample {@code i} in epoch {@code e} comes from a
 * generator seeded with {@link ai.acosp.data.SampleSeeds#forSample(long, int, long)}, so results do
 * not depend on how many worker threads prepare batches or in which order they run.
 */
package ai.acosp.data;
