package ai.acosp.train.optim;

/**
 * The base learning rate at a global iteration, counted from 1 over all epochs.
 *
 * <ul>
 *   <li>{@code poly}: {@code base * (1 - iter / max)^power}, set every iteration (semseg);
 *   <li>{@code cosine}: {@code base / 2 * (1 + cos(pi * iter / max))}, every iteration;
 *   <li>{@code cosine_epoch}: {@code base / 2 * (1 + cos(pi * epoch / epochs))} with the 0-based
 *       epoch of the iteration, as {@code CosineAnnealingLR} stepped once per epoch.
 * </ul>
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The rate at an iteration.
     *
     * @param iteration the 1-based global iteration
     * @return the base learning rate
     */
    double rate(long iteration);

    /**
     * The poly schedule.
     *
     * @param base the base rate
     * @param maxIterations iterations of the whole run
     * @param power the power, 0.9 in semseg
     * @return the schedule
     */
    static LearningRateSchedule poly(double base, long maxIterations, double power) {
        return iteration ->
                base * Math.pow(Math.max(0, 1 - (double) iteration / maxIterations), power);
    }

    /**
     * The cosine schedule per iteration.
     *
     * @param base the base rate
     * @param maxIterations iterations of the whole run
     * @return the schedule
     */
    static LearningRateSchedule cosine(double base, long maxIterations) {
        return iteration ->
                base
                        / 2
                        * (1
                                + Math.cos(
                                        Math.PI
                                                * Math.min(iteration, maxIterations)
                                                / maxIterations));
    }

    /**
     * The cosine schedule per epoch.
     *
     * @param base the base rate
     * @param iterationsPerEpoch iterations of one epoch
     * @param epochs epochs of the whole run
     * @return the schedule
     */
    static LearningRateSchedule cosinePerEpoch(double base, long iterationsPerEpoch, int epochs) {
        return iteration -> {
            long epoch = (iteration - 1) / iterationsPerEpoch;
            return base / 2 * (1 + Math.cos(Math.PI * epoch / epochs));
        };
    }

    /**
     * The schedule named in a configuration.
     *
     * @param name {@code poly}, {@code cosine} or {@code cosine_epoch}
     * @param base the base rate
     * @param iterationsPerEpoch iterations of one epoch
     * @param epochs epochs of the whole run
     * @param power the power of the poly schedule
     * @return the schedule
     * @throws IllegalArgumentException for another name
     */
    static LearningRateSchedule named(
            String name, double base, long iterationsPerEpoch, int epochs, double power) {
        long max = iterationsPerEpoch * epochs;
        return switch (name) {
            case "poly" -> poly(base, max, power);
            case "cosine" -> cosine(base, max);
            case "cosine_epoch" -> cosinePerEpoch(base, iterationsPerEpoch, epochs);
            default -> throw new IllegalArgumentException("unknown schedule " + name);
        };
    }
}
