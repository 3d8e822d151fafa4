package ai.acosp.train.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a semseg YAML configuration and applies command-line {@code key value} overrides.
 *
 * <p>The file's sections are merged into one flat key set. Every key must be known to {@link
 * ConfigSchema}, appear once (a key or section written twice is an error naming both lines, not
 * "the last one wins"), and have the key's type; required keys must be set. An override must name a
 * known key and keep its type. The finished configuration is checked by {@link ConfigValidator}.
 * Every problem stops the run with a {@link ConfigException} that names the key and the file (and
 * the line where there is one).
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
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Object> fileValues = readFlat(file, source, lines);
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigKey key : ConfigSchema.keys()) {
            if (fileValues.containsKey(key.name())) {
                values.put(
                        key.name(),
                        convert(
                                key,
                                fileValues.get(key.name()),
                                source,
                                lines.getOrDefault(key.name(), 0)));
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
            values.put(
                    name, convert(key, parseOverride(key, overrides.get(i + 1)), overrideSource));
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
        String dataset =
                parent == null || parent.getFileName() == null
                        ? stem
                        : parent.getFileName().toString();
        String name = stem.startsWith(dataset + "_") ? stem.substring(dataset.length() + 1) : stem;
        return new String[] {dataset, name};
    }

    private static Map<String, Object> readFlat(
            Path file, String source, Map<String, Integer> lines) {
        Object document;
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
            keyLines(yaml.compose(new StringReader(text)), source, lines);
            document = yaml.load(text);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, null, "no such config file");
        } catch (IOException e) {
            throw new ConfigException(source, null, "cannot read: " + e.getMessage());
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(source, line, null, "not valid YAML: " + e.getProblem());
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
                        lines.getOrDefault(String.valueOf(section.getKey()), 0),
                        String.valueOf(section.getKey()),
                        "expected a section (a mapping of keys), got a single value");
            }
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                String name = String.valueOf(entry.getKey());
                if (ConfigSchema.get(name) == null) {
                    throw new ConfigException(
                            source,
                            lines.getOrDefault(name, 0),
                            name,
                            "no such key (section " + section.getKey() + ")");
                }
                flat.put(name, entry.getValue());
            }
        }
        return flat;
    }

    /**
     * Records the line of every section and key, and fails on one written twice: SnakeYAML would
     * keep the last value silently.
     */
    private static void keyLines(Node root, String source, Map<String, Integer> lines) {
        if (!(root instanceof MappingNode sections)) {
            return;
        }
        Map<String, Integer> sectionLines = new HashMap<>();
        for (NodeTuple section : sections.getValue()) {
            String name = scalar(section.getKeyNode());
            int line = section.getKeyNode().getStartMark().getLine() + 1;
            Integer first = sectionLines.putIfAbsent(name, line);
            if (first != null) {
                throw new ConfigException(
                        source,
                        line,
                        name,
                        "section is written twice, on lines "
                                + first
                                + " and "
                                + line
                                + "; merge them into one");
            }
            lines.put(name, line);
            if (!(section.getValueNode() instanceof MappingNode entries)) {
                continue;
            }
            for (NodeTuple entry : entries.getValue()) {
                String key = scalar(entry.getKeyNode());
                int keyLine = entry.getKeyNode().getStartMark().getLine() + 1;
                Integer earlier = lines.putIfAbsent(key, keyLine);
                if (earlier != null) {
                    throw new ConfigException(
                            source,
                            keyLine,
                            key,
                            "is set twice, on lines "
                                    + earlier
                                    + " and "
                                    + keyLine
                                    + "; keep one of them");
                }
            }
        }
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
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
        return convert(key, raw, source, 0);
    }

    private static Object convert(ConfigKey key, Object raw, String source, int line) {
        if (raw == null || "".equals(raw)) {
            if (key.nullable()) {
                return null;
            }
            throw new ConfigException(
                    source,
                    line,
                    key.name(),
                    "must not be empty: expected " + key.type().describe());
        }
        try {
            return key.type().convert(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, line, key.name(), e.getMessage());
        }
    }
}
