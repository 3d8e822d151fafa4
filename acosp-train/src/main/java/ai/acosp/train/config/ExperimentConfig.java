package ai.acosp.train.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A loaded experiment configuration: one flat, typed key set with every key of {@link ConfigSchema}
 * present (set by the file, the command line or its default). Immutable.
 *
 * <p>The experiment is named after its file, {@code config/<dataset>/<dataset>_<name>.yaml}.
 */
public final class ExperimentConfig {

    /** The source of a value that comes from its default. */
    public static final String DEFAULT = "default";

    private final Path file;
    private final String dataset;
    private final String name;
    private final Map<String, Object> values;
    private final Map<String, String> sources;

    ExperimentConfig(
            Path file,
            String dataset,
            String name,
            Map<String, Object> values,
            Map<String, String> sources) {
        this.file = file;
        this.dataset = dataset;
        this.name = name;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /**
     * The YAML file the configuration was read from.
     *
     * @return the file
     */
    public Path getFile() {
        return file;
    }

    /**
     * The data set name, the folder of the config file (e.g. {@code ade20k}).
     *
     * @return the data set
     */
    public String getDataset() {
        return dataset;
    }

    /**
     * The experiment name, the file name without the data set prefix (e.g. {@code pspnet50_0.5}).
     *
     * @return the name
     */
    public String getName() {
        return name;
    }

    /**
     * Where a key's value came from: the file, {@code command line} or {@value #DEFAULT}.
     *
     * @param key the key
     * @return the source
     */
    public String source(String key) {
        return sources.get(check(key));
    }

    /**
     * Whether a key holds a value (nullable keys may be empty).
     *
     * @param key the key
     * @return true if set
     */
    public boolean isSet(String key) {
        Object value = values.get(check(key));
        return value != null && !"".equals(value);
    }

    /**
     * The raw value of a key.
     *
     * @param key the key
     * @return the value, possibly null
     */
    public Object get(String key) {
        return values.get(check(key));
    }

    /**
     * A string value.
     *
     * @param key the key
     * @return the value, null when empty
     */
    public String getString(String key) {
        Object value = get(key);
        return value == null || "".equals(value) ? null : (String) value;
    }

    /**
     * A string value, lower case, for keys that name one of a few choices.
     *
     * @param key the key
     * @return the value in lower case, null when empty
     */
    public String getChoice(String key) {
        String value = getString(key);
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /**
     * A whole-number value.
     *
     * @param key the key
     * @return the value
     * @throws ConfigException if the key is empty
     */
    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    /**
     * A whole-number value or a fallback when the key is empty.
     *
     * @param key the key
     * @param fallback the value for an empty key
     * @return the value
     */
    public int getInt(String key, int fallback) {
        Object value = get(key);
        return value == null ? fallback : ((Number) value).intValue();
    }

    /**
     * A number value.
     *
     * @param key the key
     * @return the value
     * @throws ConfigException if the key is empty
     */
    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    /**
     * A number value as float.
     *
     * @param key the key
     * @return the value
     */
    public float getFloat(String key) {
        return (float) getDouble(key);
    }

    /**
     * A boolean value.
     *
     * @param key the key
     * @return the value; an empty nullable key is false
     */
    public boolean getBoolean(String key) {
        Object value = get(key);
        return value != null && (Boolean) value;
    }

    /**
     * A list of whole numbers.
     *
     * @param key the key
     * @return the list, empty when not set
     */
    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String key) {
        Object value = get(key);
        return value == null ? List.of() : (List<Integer>) value;
    }

    /**
     * A list of numbers.
     *
     * @param key the key
     * @return the list, empty when not set
     */
    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String key) {
        Object value = get(key);
        return value == null ? List.of() : (List<Double>) value;
    }

    /**
     * All values in schema order.
     *
     * @return key to value
     */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * A copy with some values replaced, for derived runs (e.g. the test phase of a training run).
     * The values are checked like command-line overrides.
     *
     * @param overrides key to new value
     * @param source the source recorded for the new values
     * @return the new configuration
     * @throws ConfigException if a key is unknown or a value has the wrong type or is impossible
     */
    public ExperimentConfig with(Map<String, Object> overrides, String source) {
        Map<String, Object> newValues = new LinkedHashMap<>(values);
        Map<String, String> newSources = new LinkedHashMap<>(sources);
        overrides.forEach(
                (key, value) -> {
                    ConfigKey definition = ConfigSchema.get(key);
                    if (definition == null) {
                        throw new ConfigException(source, key, "no such key");
                    }
                    newValues.put(key, ConfigLoader.convert(definition, value, source));
                    newSources.put(key, source);
                });
        ExperimentConfig config = new ExperimentConfig(file, dataset, name, newValues, newSources);
        ConfigValidator.validate(config);
        return config;
    }

    /**
     * Fails with a message naming the key and its source.
     *
     * @param key the key
     * @param problem what is wrong with its value
     * @return never returns; declared so callers can write {@code throw config.fail(...)}
     * @throws ConfigException always
     */
    public ConfigException fail(String key, String problem) {
        throw new ConfigException(source(key), key, problem);
    }

    private Object require(String key) {
        Object value = get(key);
        if (value == null) {
            throw fail(key, "must be set");
        }
        return value;
    }

    private static String check(String key) {
        if (ConfigSchema.get(key) == null) {
            throw new IllegalArgumentException("no configuration key '" + key + "'");
        }
        return key;
    }
}
