package ai.acosp.train.metrics;

/** The latest value and the running (weighted) average of a quantity, as semseg's meter. */
public class AverageMeter {

    private double value;
    private double sum;
    private double count;

    /**
     * Adds a value.
     *
     * @param value the value
     * @param weight its weight, e.g. the batch size
     */
    public void update(double value, double weight) {
        this.value = value;
        sum += value * weight;
        count += weight;
    }

    /**
     * Adds a value of weight 1.
     *
     * @param value the value
     */
    public void update(double value) {
        update(value, 1);
    }

    /**
     * The latest value.
     *
     * @return the value
     */
    public double value() {
        return value;
    }

    /**
     * The average so far.
     *
     * @return the average, 0 before the first value
     */
    public double average() {
        return count == 0 ? 0 : sum / count;
    }

    /** Forgets all values. */
    public void reset() {
        value = 0;
        sum = 0;
        count = 0;
    }
}
