package ai.acosp.train.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The type of a configuration value and its conversion from what YAML parsed. */
public enum ValueType {
    /** A string. */
    STRING,
    /** A whole number. */
    INT,
    /** A number; whole numbers are accepted. */
    FLOAT,
    /** {@code True} or {@code False}. */
    BOOL,
    /** A list of whole numbers, e.g. {@code [0, 1]}. */
    INT_LIST,
    /** A list of numbers, e.g. {@code [0.5, 1.0]}. */
    FLOAT_LIST;

    /**
     * Converts a value parsed by YAML to this type: {@code String}, {@code Integer}, {@code
     * Double}, {@code Boolean} or an unmodifiable {@code List} of {@code Integer} or {@code
     * Double}.
     *
     * @param raw the parsed value, not null
     * @return the converted value
     * @throws IllegalArgumentException with a short reason when the value has another type
     */
    public Object convert(Object raw) {
        switch (this) {
            case STRING:
                if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
                    return raw.toString();
                }
                break;
            case INT:
                if (raw instanceof Integer || raw instanceof Long) {
                    return Math.toIntExact(((Number) raw).longValue());
                }
                break;
            case FLOAT:
                if (raw instanceof Number) {
                    return ((Number) raw).doubleValue();
                }
                if (raw instanceof String text) {
                    // YAML 1.1 reads 1e-4 (no dot) as a string
                    try {
                        return Double.parseDouble(text.trim());
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
                break;
            case BOOL:
                if (raw instanceof Boolean) {
                    return raw;
                }
                break;
            case INT_LIST:
            case FLOAT_LIST:
                if (raw instanceof List<?> list) {
                    ValueType element = this == INT_LIST ? INT : FLOAT;
                    List<Object> converted = new ArrayList<>();
                    for (Object item : list) {
                        if (item == null) {
                            break;
                        }
                        converted.add(element.convert(item));
                    }
                    if (converted.size() == list.size()) {
                        return List.copyOf(converted);
                    }
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(
                "expected " + describe() + ", got " + describeValue(raw));
    }

    /**
     * A short description for error messages.
     *
     * @return e.g. "a whole number"
     */
    public String describe() {
        return switch (this) {
            case STRING -> "a string";
            case INT -> "a whole number";
            case FLOAT -> "a number";
            case BOOL -> "True or False";
            case INT_LIST -> "a list of whole numbers like [0, 1]";
            case FLOAT_LIST -> "a list of numbers like [0.5, 1.0]";
        };
    }

    private static String describeValue(Object raw) {
        String kind =
                raw instanceof List
                        ? "list"
                        : raw instanceof java.util.Map
                                ? "mapping"
                                : raw.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return kind + " " + raw;
    }
}
