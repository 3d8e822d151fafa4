package ai.acosp.spark;

import ai.acosp.train.failure.UsageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link SparkPredict}: {@code <config.yaml> <INPUT> [key value ...]}. The
 * job's own keys ({@code master}, {@code batch_size}, {@code recursive}) and Spark's ({@code
 * spark.*}) are taken out; every other pair overrides the experiment's configuration.
 *
 * @param config the experiment's configuration file
 * @param input a path Spark reads, or {@value #TEST} to evaluate the test list
 * @param master the Spark master, or null for the one spark-submit set ({@code local[*]} without)
 * @param batchSize images per predictor call
 * @param recursive whether to look into subfolders of INPUT
 * @param sparkConf the {@code spark.*} pairs
 * @param overrides the configuration overrides, {@code key value} pairs
 */
public record JobArguments(
        String config,
        String input,
        String master,
        int batchSize,
        boolean recursive,
        Map<String, String> sparkConf,
        List<String> overrides) {

    /** The INPUT that evaluates the experiment's test list. */
    public static final String TEST = "test";

    private static final String USAGE =
            "usage: SparkPredict <config.yaml> <INPUT: folder, file, glob or 'test'> [key value"
                    + " ...] (job keys: master, batch_size, recursive, spark.*)";

    /** Copies the collections. */
    public JobArguments {
        sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
        overrides = List.copyOf(overrides);
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the parsed arguments
     * @throws UsageException if a part is missing, a key has no value or a value is wrong
     */
    public static JobArguments parse(String[] args) throws UsageException {
        if (args.length < 2) {
            throw new UsageException("no config file or input given", USAGE);
        }
        if (args.length % 2 != 0) {
            throw new UsageException("key '" + args[args.length - 1] + "' has no value", USAGE);
        }
        String master = null;
        int batchSize = 4;
        boolean recursive = false;
        Map<String, String> spark = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        for (int i = 2; i < args.length; i += 2) {
            String key = args[i];
            String value = args[i + 1];
            switch (key) {
                case "master" -> master = value;
                case "batch_size" -> batchSize = positive(key, value);
                case "recursive" -> recursive = bool(key, value);
                default -> {
                    if (key.startsWith("spark.")) {
                        spark.put(key, value);
                    } else {
                        overrides.add(key);
                        overrides.add(value);
                    }
                }
            }
        }
        return new JobArguments(args[0], args[1], master, batchSize, recursive, spark, overrides);
    }

    /**
     * Whether the job evaluates the test list.
     *
     * @return true for INPUT {@value #TEST}
     */
    public boolean evaluate() {
        return TEST.equals(input);
    }

    private static int positive(String key, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(
                "key '" + key + "' is '" + value + "', not a whole number of at least 1", USAGE);
    }

    private static boolean bool(String key, String value) throws UsageException {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new UsageException("key '" + key + "' is '" + value + "', not true or false", USAGE);
    }
}
