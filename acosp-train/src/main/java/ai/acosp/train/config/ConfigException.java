package ai.acosp.train.config;

/**
 * A configuration that cannot be run: an unknown key, a missing required key, a value of the
 * wrong type or an impossible value. The message names the key and where the value came from.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param source where the value came from, e.g. the file name or "command line"
     * @param key the offending key, or null when the problem is not about one key
     * @param problem what is wrong
     */
    public ConfigException(String source, String key, String problem) {
        super(source + (key == null ? "" : ": key '" + key + "'") + ": " + problem);
        this.key = key;
    }

    /**
     * The key the problem is about.
     *
     * @return the key, or null
     */
    public String getKey() {
        return key;
    }
}
