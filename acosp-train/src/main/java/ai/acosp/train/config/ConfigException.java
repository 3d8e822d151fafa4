package ai.acosp.train.config;

/**
 * A configuration that cannot be run: an unknown key, a missing required key, a value of the wrong
 * type or an impossible value. The message names the key and where the value came from.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param source where the value came from, e.g. the file name or "command line"
     * @param key the offending key, or null when the problem is not about one key
     * @param problem what is wrong
     */
    public ConfigException(String source, String key, String problem) {
        this(source, 0, key, problem);
    }

    /**
     * Creates the exception for a problem on a line of the config file.
     *
     * @param source the file name (or "command line ...")
     * @param line the 1-based line in the file, or 0 when no line applies
     * @param key the offending key, or null when the problem is not about one key
     * @param problem what is wrong
     */
    public ConfigException(String source, int line, String key, String problem) {
        super(
                source
                        + (line > 0 ? ":" + line : "")
                        + (key == null ? "" : ": key '" + key + "'")
                        + ": "
                        + problem);
        this.source = source;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    /**
     * The key the problem is about.
     *
     * @return the key, or null
     */
    public String getKey() {
        return key;
    }

    /**
     * Where the value came from.
     *
     * @return the file name, or "command line override of ..." or "default"
     */
    public String getSource() {
        return source;
    }

    /**
     * The line of the file the problem is on.
     *
     * @return the 1-based line, or 0 when not known
     */
    public int getLine() {
        return line;
    }

    /**
     * What is wrong, without source and key.
     *
     * @return the problem
     */
    public String getProblem() {
        return problem;
    }
}
