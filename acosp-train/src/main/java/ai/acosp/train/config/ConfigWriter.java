package ai.acosp.train.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Writes a configuration as run (file values, overrides and defaults) in the semseg layout. */
public final class ConfigWriter {

    private ConfigWriter() {}

    /**
     * Formats a configuration as YAML with one section per {@link ConfigSchema#SECTIONS} entry.
     *
     * @param config the configuration
     * @return the YAML text, readable by {@link ConfigLoader}
     */
    public static String toYaml(ExperimentConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(config.getDataset()).append(' ').append(config.getName());
        out.append(", as run (from ").append(config.getFile()).append(" with overrides)\n");
        for (String section : ConfigSchema.SECTIONS) {
            out.append(section).append(":\n");
            for (ConfigKey key : ConfigSchema.keys()) {
                if (key.section().equals(section)) {
                    out.append("  ").append(key.name()).append(": ");
                    out.append(format(config.get(key.name()))).append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * Writes the configuration to a file.
     *
     * @param config the configuration
     * @param file the target
     * @throws IOException if writing fails
     */
    public static void write(ExperimentConfig config, Path file) throws IOException {
        Files.writeString(file, toYaml(config), StandardCharsets.UTF_8);
    }

    private static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .map(ConfigWriter::format)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        return value.toString();
    }
}
