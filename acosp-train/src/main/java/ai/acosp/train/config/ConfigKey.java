package ai.acosp.train.config;

/**
 * One configuration key: its section, type, whether a file must set it and its default.
 *
 * @param name the key, e.g. {@code base_lr}
 * @param section the YAML section it is written in: DATA, TRAIN, Distributed or TEST
 * @param type the value type
 * @param required whether a config file must set it
 * @param nullable whether it may be left empty ({@code key:} in YAML)
 * @param defaultValue the value when a file does not set it; null for none
 * @param help what the key means, one line
 */
public record ConfigKey(
        String name,
        String section,
        ValueType type,
        boolean required,
        boolean nullable,
        Object defaultValue,
        String help) {}
