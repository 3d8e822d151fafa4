package ai.acosp.train.optim;

import ai.acosp.core.DjlInternals;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterServer;
import ai.djl.training.Trainer;

/**
 * DJL's {@code LocalParameterServer} without its copy of every gradient in every step: a {@link
 * TorchOptimizer} reads the gradient before it zeroes it, so the parameter on the first device is
 * updated with its own gradient. (DJL duplicates it because its own PyTorch optimizers may zero the
 * gradient first; at PSPNet-50's 49 million parameters that is 196 MB copied a step.) With several
 * devices the gradients are summed on the first one, as DJL does, and the other devices get their
 * copy of the sum before any update zeroes it.
 */
public final class InPlaceParameterServer implements ParameterServer {

    private final TorchOptimizer optimizer;

    /**
     * Creates the server.
     *
     * @param optimizer the optimizer that updates each parameter
     */
    public InPlaceParameterServer(TorchOptimizer optimizer) {
        this.optimizer = optimizer;
    }

    /**
     * Makes the trainer update its parameters through a server of this kind; call it before the
     * first step.
     *
     * @param trainer the trainer
     * @param optimizer the trainer's optimizer
     */
    public static void install(Trainer trainer, TorchOptimizer optimizer) {
        DjlInternals.parameterStore(trainer)
                .setParameterServer(new InPlaceParameterServer(optimizer), trainer.getDevices());
    }

    /** {@inheritDoc} */
    @Override
    public void init(String parameterId, NDArray[] value) {}

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray[] grads, NDArray[] params) {
        NDArray sum = grads[0];
        Device first = sum.getDevice();
        for (int i = 1; i < grads.length; i++) {
            try (NDArray copy = grads[i].toDevice(first, true)) {
                sum.addi(copy);
            }
        }
        NDArray[] gradients = new NDArray[params.length];
        try {
            for (int i = 0; i < params.length; i++) {
                Device device = params[i].getDevice();
                gradients[i] = i == 0 && device.equals(first) ? sum : sum.toDevice(device, true);
            }
            for (int i = 0; i < params.length; i++) {
                optimizer.update(parameterId, params[i], gradients[i]);
            }
        } finally {
            for (NDArray gradient : gradients) {
                if (gradient != null && gradient != sum) {
                    gradient.close();
                }
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close() {}
}
