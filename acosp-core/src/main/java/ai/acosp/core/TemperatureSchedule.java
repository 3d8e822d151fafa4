package ai.acosp.core;

/**
 * The exponential temperature schedule of the soft masks.
 *
 * <p>{@code T(e) = t0} for {@code e <= a}, otherwise {@code exp(ln t0 - min((e - a) / (b - a), 1) *
 * (ln t0 - ln t1))}. A training loop calls the update at the end of epoch {@code e} with {@code e},
 * so epoch {@code e + 1} trains with {@code T(e)}.
 *
 * @param initialTemperature {@code t0}
 * @param finalTemperature {@code t1}
 * @param startingEpoch {@code a}
 * @param endingEpoch {@code b}
 */
public record TemperatureSchedule(
        float initialTemperature, float finalTemperature, int startingEpoch, int endingEpoch) {

    /**
     * Validates the schedule.
     *
     * @param initialTemperature {@code t0}, greater than 0
     * @param finalTemperature {@code t1}, greater than 0
     * @param startingEpoch {@code a}, at least 0
     * @param endingEpoch {@code b}, greater than {@code a}
     */
    public TemperatureSchedule {
        if (!(initialTemperature > 0)) {
            throw new IllegalArgumentException(
                    "initial temperature must be > 0, got " + initialTemperature);
        }
        if (!(finalTemperature > 0)) {
            throw new IllegalArgumentException(
                    "final temperature must be > 0, got " + finalTemperature);
        }
        if (startingEpoch < 0) {
            throw new IllegalArgumentException("starting epoch must be >= 0, got " + startingEpoch);
        }
        if (endingEpoch <= startingEpoch) {
            throw new IllegalArgumentException(
                    "ending epoch "
                            + endingEpoch
                            + " must be after starting epoch "
                            + startingEpoch);
        }
    }

    /**
     * The temperature after the update at the end of epoch {@code epoch}.
     *
     * @param epoch the 0-based epoch
     * @return {@code T(epoch)}
     */
    public float temperature(int epoch) {
        if (epoch <= startingEpoch) {
            return initialTemperature;
        }
        double progress =
                Math.min((double) (epoch - startingEpoch) / (endingEpoch - startingEpoch), 1.0);
        double logT0 = Math.log(initialTemperature);
        double logT1 = Math.log(finalTemperature);
        return (float) Math.exp(logT0 - progress * (logT0 - logT1));
    }
}
