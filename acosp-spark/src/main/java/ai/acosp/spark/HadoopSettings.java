package ai.acosp.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop settings (Spark's {@code spark.hadoop.*} keys included: file system URIs,
 * credentials), carried to the tasks, which open the output's file system with them.
 */
final class HadoopSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, String> values;

    private HadoopSettings(HashMap<String, String> values) {
        this.values = values;
    }

    /**
     * The settings of a configuration.
     *
     * @param conf the driver's configuration
     * @return its values
     */
    static HadoopSettings of(Configuration conf) {
        HashMap<String, String> values = new HashMap<>();
        for (Map.Entry<String, String> entry : conf) {
            values.put(entry.getKey(), entry.getValue());
        }
        return new HadoopSettings(values);
    }

    /**
     * A configuration with these values and no defaults loaded from the class path.
     *
     * @return the configuration
     */
    Configuration configuration() {
        Configuration conf = new Configuration(false);
        values.forEach(conf::set);
        return conf;
    }
}
