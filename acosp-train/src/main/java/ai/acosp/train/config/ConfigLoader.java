package ai.acosp.train.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a semseg YAML configuration and applies command-line {@code key value} overrides.
 *
 * <p>The file's sections are merged into one flat key set. Every key must be known to {@link
 * ConfigSchema}, appear once, and have the key's type; required keys must be set. An override must
 * name a known key and keep its type. The finished configuration is checked by {@link
 * ConfigValidator}. Every problem stops the run with a {@link ConfigException} that names the key
 * and the file.
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Loads a configuration file and applies overrides.
     *
     * @param file the YAML file, {@code config/<dataset>/<dataset>_<name>.yaml}
     * @param overrides {@code key value} pairs, in order
     * @return the checked configuration
     * @throws ConfigException if the file or an override cannot be used
     */
    public static ExperimentConfig load(Path file, List<String> overrides) {
        String source = file.toString();
        Map<String, Object> fileValues = readFlat(file, source);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey key : ConfigSchema.keys()) {
            if (fileValues.containsKey(key.name())) {
                values.put(key.name(), convert(key, fileValues.get(key.name()), source));
                sources.put(key.name(), source);
            } else if (key.required()) {
                throw new ConfigException(source, key.name(), "is required (" + key.help() + ")");
            } else {
                values.put(key.name(), key.defaultValue());
                sources.put(key.name(), ExperimentConfig.DEFAULT);
            }
        }
        String overrideSource = "command line override of " + source;
        if (overrides.size() % 2 != 0) {
            throw new ConfigException(
                    overrideSource,
                    overrides.get(overrides.size() - 1),
                    "overrides come as 'key value' pairs; this key has no value");
        }
        for (int i = 0; i < overrides.size(); i += 2) {
            String name = overrides.get(i);
            ConfigKey key = ConfigSchema.get(name);
            if (key == null) {
                throw new ConfigException(overrideSource, name, "no such key");
            }
            values.put(name, convert(key, parseOverride(key, overrides.get(i + 1)), overrideSource));
            sources.put(name, overrideSource);
        }
        String[] names = experimentName(file);
        ExperimentConfig config = new ExperimentConfig(file, names[0], names[1], values, sources);
        ConfigValidator.validate(config);
        return config;
    }

    /**
     * Splits {@code config/<dataset>/<dataset>_<name>.yaml} into data set and name.
     *
     * @param file the config file
     * @return {dataset, name}
     */
    static String[] experimentName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path parent = file.toAbsolutePath().normalize().getParent();
        String dataset = parent == null || parent.getFileName() == null
                ? stem
                : parent.getFileName().toString();
        String name = stem.startsWith(dataset + "_") ? stem.substring(dataset.length() + 1) : stem;
        return new String[] {dataset, name};
    }

    private static Map<String, Object> readFlat(Path file, String source) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "no such config file");
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException(source, null, "not valid YAML: " + e.getMessage());
        }
        if (!(document instanceof Map<?, ?> sections)) {
            throw new ConfigException(
                    source, null, "expected sections DATA, TRAIN, Distributed, TEST");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Map.Entry<?, ?> section : sections.entrySet()) {
            if (!(section.getValue() instanceof Map<?, ?> entries)) {
                throw new ConfigException(
                        source,
                        String.valueOf(section.getKey()),
                        "expected a section (a mapping of keys), got a single value");
            }
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String name = String.valueOf(entry.getKey());
                if (ConfigSchema.get(name) == null) {
                    throw new ConfigException(
                            source, name, "no such key (section " + section.getKey() + ")");
                }
                if (flat.containsKey(name)) {
                    throw new ConfigException(source, name, "is set twice");
                }
                flat.put(name, entry.getValue());
            }
        }
        return flat;
    }

    private static Object parseOverride(ConfigKey key, String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || "null".equals(trimmed) || "None".equals(trimmed)) {
            return null;
        }
        if (key.type() == ValueType.STRING) {
            return trimmed;
        }
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(trimmed);
        } catch (YAMLException e) {
            return trimmed;
        }
    }

    /**
     * Converts a parsed value to its key's type.
     *
     * @param key the key
     * @param raw the parsed value, possibly null
     * @param source where the value came from
     * @return the converted value
     * @throws ConfigException if the value is empty for a key that needs one or has the wrong type
     */
    static Object convert(ConfigKey key, Object raw, String source) {
        if (raw == null || "".equals(raw)) {
            if (key.nullable()) {
                return null;
            }
            throw new ConfigException(
                    source, key.name(), "must not be empty: expected " + key.type().describe());
        }
        try {
            return key.type().convert(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, key.name(), e.getMessage());
        }
    }
}
