package ai.acosp.train.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The key tables of {@code docs/configuration.md}, written from {@link ConfigSchema} so that the
 * documentation lists exactly the keys the loader accepts: one table per section with each key's
 * type, default and meaning. {@code ConfigReferenceTest} fails when the file and the schema differ;
 * {@link #main} rewrites the part of the file between {@link #BEGIN} and {@link #END}.
 */
public final class ConfigReference {

    /** The line after which the generated tables start. */
    public static final String BEGIN =
            "<!-- generated from ConfigSchema by ai.acosp.train.config.ConfigReference -->";

    /** The line before which the generated tables end. */
    public static final String END = "<!-- end of generated tables -->";

    private ConfigReference() {}

    /**
     * The tables in Markdown.
     *
     * @return a {@code ### SECTION} heading and a table for each section
     */
    public static String markdown() {
        StringBuilder text = new StringBuilder();
        for (String section : ConfigSchema.SECTIONS) {
            List<ConfigKey> keys =
                    ConfigSchema.keys().stream()
                            .filter(k -> k.section().equals(section))
                            .collect(Collectors.toList());
            text.append("\n### ").append(section).append("\n\n");
            text.append("| key | type | default | meaning |\n|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                text.append("| `")
                        .append(key.name())
                        .append("` | ")
                        .append(
                                key.type()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' '))
                        .append(" | ")
                        .append(defaultText(key))
                        .append(" | ")
                        .append(escape(key.help()))
                        .append(" |\n");
            }
        }
        return text.append('\n').toString();
    }

    /**
     * Rewrites the generated part of a Markdown file.
     *
     * @param file the file holding the {@link #BEGIN} and {@link #END} lines
     * @throws IOException if the file cannot be read or written
     */
    public static void rewrite(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(
                    file + " has no '" + BEGIN + "' line followed by an '" + END + "' line");
        }
        String updated =
                text.substring(0, begin + BEGIN.length()) + "\n" + markdown() + text.substring(end);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    /**
     * Rewrites the tables of a file: {@code ConfigReference docs/configuration.md}.
     *
     * @param args the file
     * @throws IOException if the file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        rewrite(Path.of(args.length > 0 ? args[0] : "docs/configuration.md"));
    }

    private static String defaultText(ConfigKey key) {
        if (key.required()) {
            return "required";
        }
        Object value = key.defaultValue();
        if (value == null) {
            return "empty";
        }
        return "`" + valueText(value) + "`";
    }

    private static String valueText(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return Double.toString(d).replace(".0E", "e").replace('E', 'e');
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .map(ConfigReference::valueText)
                    .collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
