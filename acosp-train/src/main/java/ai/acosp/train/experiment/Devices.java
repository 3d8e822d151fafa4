package ai.acosp.train.experiment;

import ai.acosp.train.config.ExperimentConfig;
import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;

/** The devices named by {@code train_gpu} or {@code test_gpu}: GPUs, or the CPU for {@code []}. */
public final class Devices {

    private Devices() {}

    /**
     * Selects the devices.
     *
     * @param c the configuration
     * @param key {@code train_gpu} or {@code test_gpu}
     * @return the GPUs in the listed order, or the CPU alone
     * @throws ai.acosp.train.config.ConfigException if a listed GPU is not there
     */
    public static Device[] select(ExperimentConfig c, String key) {
        List<Integer> ids = c.getIntList(key);
        if (ids.isEmpty()) {
            return new Device[] {Device.cpu()};
        }
        int available = Engine.getInstance().getGpuCount();
        Device[] devices = new Device[ids.size()];
        for (int i = 0; i < devices.length; i++) {
            int id = ids.get(i);
            if (id >= available) {
                throw c.fail(
                        key,
                        "asks for GPU "
                                + id
                                + " but "
                                + (available == 0
                                        ? "no GPU is"
                                        : "only " + available + " GPU(s) are")
                                + " visible to PyTorch here; run on the CPU with the override '"
                                + key
                                + " []', e.g. sh tool/train.sh "
                                + c.getDataset()
                                + " "
                                + c.getName()
                                + " "
                                + key
                                + " []");
            }
            devices[i] = Device.gpu(id);
        }
        return devices;
    }
}
