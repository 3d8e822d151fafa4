package ai.acosp.models.io;

/** A strict weight import that failed; its message lists every offending key. */
public class WeightImportException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient ImportReport report;

    /**
     * Creates the exception.
     *
     * @param report what the import found
     */
    public WeightImportException(ImportReport report) {
        super("the state dict does not match the model; nothing was loaded\n" + report);
        this.report = report;
    }

    /**
     * What the import found.
     *
     * @return the report
     */
    public ImportReport getReport() {
        return report;
    }
}
