package ai.acosp.train.failure;

/** A command line that does not fit the tool: exit code 2 and the usage. */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String usage;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong with the arguments
     * @param usage the usage line, e.g. {@code usage: Train <config.yaml> [key value ...]}
     */
    public UsageException(String problem, String usage) {
        super(problem);
        this.usage = usage;
    }

    /**
     * The usage line.
     *
     * @return the usage
     */
    public String getUsage() {
        return usage;
    }
}
