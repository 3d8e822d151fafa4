package ai.acosp.models.onnx;

import ai.acosp.core.compact.CompactConv2d;
import ai.acosp.core.compact.LayerSpec;
import ai.acosp.core.compact.UnpoolPattern;
import ai.acosp.core.nn.MaskedConvolution;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;

/**
 * Convolutions: DJL's {@link Conv2d}, a {@link MaskedConvolution} (the mask's current values scale
 * the filters and the bias, as the masked layer computes in inference) and a compacted {@link
 * CompactConv2d}, whose bias map for removed constant inputs becomes a constant added after the
 * convolution (for the export's input size). Every convolution gets a bias so that a following
 * batch norm folds into it.
 */
final class ConvEmitter implements BlockEmitter<Block> {

    @Override
    public Value emit(Block block, Value input, ExportContext context) {
        if (block instanceof MaskedConvolution masked) {
            return emitMasked(masked, input, context);
        }
        if (block instanceof CompactConv2d compact) {
            return emitCompact(compact, input, context);
        }
        return emitConv(block, Geometry.of((Conv2d) block), input, null, null, context);
    }

    private Value emitMasked(MaskedConvolution masked, Value input, ExportContext context) {
        if (!(masked.getConv() instanceof Conv2d conv)) {
            throw new UnsupportedOperationException(
                    context.path() + ": only masked Conv2d layers export to ONNX");
        }
        float[] mask;
        try (NDManager scope = context.manager().newSubManager()) {
            mask = floats(masked.getMask().currentMask(scope));
        }
        return emitConv(conv, Geometry.of(conv), input, mask, null, context);
    }

    private Value emitCompact(CompactConv2d conv, Value input, ExportContext context) {
        LayerSpec spec = conv.spec(context.path());
        Geometry g = new Geometry(spec.kernel, spec.stride, spec.padding, spec.dilation, 1);
        float[] biasMap = null;
        if (conv.hasBiasMap()) {
            biasMap = biasMap(conv, g, input, context.manager());
        }
        return emitConv(conv, g, input, null, biasMap, context);
    }

    /** {@code conv2d(ones, K) + conv2d(grid, U)} over the input's plane, as the layer adds it. */
    private static float[] biasMap(CompactConv2d conv, Geometry g, Value input, NDManager manager) {
        long height = input.dim(2);
        long width = input.dim(3);
        try (NDManager scope = manager.newSubManager()) {
            NDArray map = null;
            Parameter constant = conv.getParameters().get("constantKernel");
            if (constant != null) {
                NDArray ones = scope.ones(new Shape(1, 1, height, width), DataType.FLOAT32);
                map = g.conv(ones, constant.getArray());
            }
            Parameter unpooled = conv.getParameters().get("unpooledKernel");
            if (unpooled != null) {
                NDArray grid =
                        UnpoolPattern.grid(scope, height, width).toType(DataType.FLOAT32, false);
                NDArray term = g.conv(grid, unpooled.getArray());
                map = map == null ? term : map.add(term);
            }
            return floats(map);
        }
    }

    private static Value emitConv(
            Block conv,
            Geometry g,
            Value input,
            float[] mask,
            float[] biasMap,
            ExportContext context) {
        OnnxGraph graph = context.graph();
        NDArray w = conv.getParameters().get("weight").getArray();
        long[] dims = w.getShape().getShape();
        long out = dims[0];
        float[] weight = floats(w);
        Parameter biasParameter = conv.getParameters().get("bias");
        float[] bias =
                biasParameter == null ? new float[(int) out] : floats(biasParameter.getArray());
        if (mask != null) {
            int per = weight.length / (int) out;
            for (int i = 0; i < weight.length; i++) {
                weight[i] *= mask[i / per];
            }
            for (int c = 0; c < out; c++) {
                bias[c] *= mask[c];
            }
        }
        OnnxGraph.FloatTensor weightTensor = graph.constant(context.hint("weight"), weight, dims);
        OnnxGraph.FloatTensor biasTensor = graph.constant(context.hint("bias"), bias, out);
        String y =
                graph.node(
                        "Conv",
                        context.hint("conv"),
                        List.of(input.name(), graph.nameOf(weightTensor), graph.nameOf(biasTensor)),
                        OnnxGraph.attribute("kernel_shape", g.kernel),
                        OnnxGraph.attribute("strides", g.stride),
                        OnnxGraph.attribute(
                                "pads", g.padding[0], g.padding[1], g.padding[0], g.padding[1]),
                        OnnxGraph.attribute("dilations", g.dilation),
                        OnnxGraph.attribute("group", (long) g.groups));
        Shape shape = g.outputShape(input.shape(), out);
        OnnxGraph.FloatTensor mapTensor = null;
        if (biasMap != null) {
            mapTensor =
                    graph.constant(
                            context.hint("bias_map"), biasMap, 1, out, shape.get(2), shape.get(3));
            y =
                    graph.node(
                            "Add",
                            context.hint("bias_map_add"),
                            List.of(y, graph.nameOf(mapTensor)));
        }
        graph.markConvOutput(y, new OnnxGraph.ConvTensors(weightTensor, biasTensor, mapTensor));
        return new Value(y, shape);
    }

    static float[] floats(NDArray array) {
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Kernel, stride, padding, dilation and groups of a 2-D convolution. */
    private record Geometry(
            long[] kernel, long[] stride, long[] padding, long[] dilation, int groups) {

        static Geometry of(Conv2d conv) {
            return new Geometry(
                    conv.getKernelShape().getShape(),
                    conv.getStride().getShape(),
                    conv.getPadding().getShape(),
                    conv.getDilation().getShape(),
                    conv.getGroups());
        }

        NDArray conv(NDArray plane, NDArray kernelArray) {
            return Conv2d.conv2d(
                            plane,
                            kernelArray.toDevice(plane.getDevice(), false),
                            null,
                            new Shape(stride),
                            new Shape(padding),
                            new Shape(dilation),
                            1)
                    .singletonOrThrow();
        }

        Shape outputShape(Shape in, long out) {
            long[] s = {in.get(0), out, 0, 0};
            for (int i = 0; i < 2; i++) {
                s[2 + i] =
                        (in.get(2 + i) + 2 * padding[i] - dilation[i] * (kernel[i] - 1) - 1)
                                        / stride[i]
                                + 1;
            }
            return new Shape(s);
        }
    }
}
