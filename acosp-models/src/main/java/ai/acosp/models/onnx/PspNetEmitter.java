package ai.acosp.models.onnx;

import ai.acosp.models.pspnet.PSPNet;

/**
 * PSPNet's inference graph: {@code layer0} to {@code layer4}, the pyramid {@code ppm}, the
 * classifier {@code cls} and the bilinear (aligned corners) resizing to {@code (H - 1) / 8 * zoom +
 * 1}. The auxiliary head is not part of it.
 */
final class PspNetEmitter implements BlockEmitter<PSPNet> {

    @Override
    public Value emit(PSPNet net, Value input, ExportContext context) {
        Value x = input;
        for (int stage = 0; stage <= 4; stage++) {
            x = context.emitChild(net, "layer" + stage, x);
        }
        if (net.usesPpm()) {
            x = context.emitChild(net, "ppm", x);
        }
        x = context.emitChild(net, "cls", x);
        return ResamplingEmitter.bilinearAlignCorners(
                x, net.outputSize(input.dim(2)), net.outputSize(input.dim(3)), context);
    }
}
