package ai.acosp.models.onnx;

import ai.acosp.models.onnx.proto.OnnxSchema.AttributeProto;
import ai.acosp.models.onnx.proto.OnnxSchema.GraphProto;
import ai.acosp.models.onnx.proto.OnnxSchema.ModelProto;
import ai.acosp.models.onnx.proto.OnnxSchema.NodeProto;
import ai.acosp.models.onnx.proto.OnnxSchema.OperatorSetIdProto;
import ai.acosp.models.onnx.proto.OnnxSchema.StringStringEntryProto;
import ai.acosp.models.onnx.proto.OnnxSchema.TensorProto;
import ai.acosp.models.onnx.proto.OnnxSchema.TensorShapeProto;
import ai.acosp.models.onnx.proto.OnnxSchema.TypeProto;
import ai.acosp.models.onnx.proto.OnnxSchema.ValueInfoProto;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder of one ONNX graph: float and int64 constants, nodes with attributes, a float
 * input whose first dimension is the symbolic batch {@code N}, and outputs. Tensor names are made
 * unique from hints (the block paths). Float constants stay mutable Java arrays until {@link
 * #build}, so that a batch norm can be folded into the convolution that produced its input ({@link
 * #foldableConv}).
 */
final class OnnxGraph {

    /** The ONNX operator set the exported graphs use. */
    static final int OPSET = 17;

    /** The ONNX IR version of the written files (IR 8 goes with opset 17). */
    static final int IR_VERSION = 8;

    /** The name of the symbolic batch dimension of inputs and outputs. */
    static final String BATCH = "N";

    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, FloatTensor> floats = new LinkedHashMap<>();
    private final Map<String, long[][]> ints = new LinkedHashMap<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Map<String, ConvTensors> convOutputs = new HashMap<>();
    private final Map<String, Integer> hintCounts = new HashMap<>();

    /** A float constant: its data (row-major) and dimensions. */
    record FloatTensor(float[] data, long[] dims) {}

    /**
     * The constants of a convolution whose output has not been read yet: a following per-channel
     * affine map (batch norm) can be folded into them.
     *
     * @param weight the weight {@code (out, in, kh, kw)}
     * @param bias the bias {@code (out)}
     * @param biasMap the added bias map {@code (1, out, h, w)} or null
     */
    record ConvTensors(FloatTensor weight, FloatTensor bias, FloatTensor biasMap) {

        /** Applies {@code y = scale * y + shift} per output channel to the convolution. */
        void fold(float[] scale, float[] shift) {
            int out = scale.length;
            scaleRows(weight.data(), scale);
            for (int c = 0; c < out; c++) {
                bias.data()[c] = bias.data()[c] * scale[c] + shift[c];
            }
            if (biasMap != null) {
                scaleRows(biasMap.data(), scale);
            }
        }

        private static void scaleRows(float[] data, float[] scale) {
            int per = data.length / scale.length;
            for (int i = 0; i < data.length; i++) {
                data[i] *= scale[i / per];
            }
        }
    }

    private String unique(String hint) {
        String base = hint.isEmpty() ? "t" : hint;
        int n = hintCounts.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /**
     * Declares the float input {@code (N, dims[1..])}.
     *
     * @param name the input name
     * @param shape the shape; its first dimension becomes the symbolic batch
     * @return the name
     */
    String input(String name, Shape shape) {
        inputs.add(valueInfo(name, shape));
        return name;
    }

    /**
     * Declares a graph output.
     *
     * @param name the tensor
     * @param shape its shape; the first dimension becomes the symbolic batch
     */
    void output(String name, Shape shape) {
        outputs.add(valueInfo(name, shape));
        uses.merge(name, 1, Integer::sum);
    }

    private static ValueInfoProto valueInfo(String name, Shape shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.dimension(); i++) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (i == 0) {
                d.setDimParam(BATCH);
            } else {
                d.setDimValue(shape.get(i));
            }
            dims.addDim(d);
        }
        TypeProto.Tensor tensor =
                TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(dims)
                        .build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    /**
     * Adds a float constant; the graph keeps the array (it may be changed by folding).
     *
     * @param hint the name hint
     * @param data the row-major values
     * @param dims the dimensions
     * @return the constant
     */
    FloatTensor constant(String hint, float[] data, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    hint + ": " + data.length + " values for dimensions " + new Shape(dims));
        }
        FloatTensor tensor = new FloatTensor(data, dims);
        floats.put(unique(hint), tensor);
        return tensor;
    }

    /**
     * The name of a float constant added by {@link #constant}.
     *
     * @param tensor the constant
     * @return its name
     */
    String nameOf(FloatTensor tensor) {
        for (Map.Entry<String, FloatTensor> e : floats.entrySet()) {
            if (e.getValue() == tensor) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("not a constant of this graph");
    }

    /**
     * Adds a float constant and returns its name.
     *
     * @param hint the name hint
     * @param data the row-major values
     * @param dims the dimensions
     * @return the name
     */
    String floats(String hint, float[] data, long... dims) {
        return nameOf(constant(hint, data, dims));
    }

    /**
     * Adds an int64 constant and returns its name.
     *
     * @param hint the name hint
     * @param data the values
     * @param dims the dimensions
     * @return the name
     */
    String int64s(String hint, long[] data, long... dims) {
        String name = unique(hint);
        ints.put(name, new long[][] {data, dims});
        return name;
    }

    /**
     * Adds a node with one output.
     *
     * @param op the operator type
     * @param hint the name hint of the output and the node
     * @param inputs the input tensor names
     * @param attributes the attributes
     * @return the output name
     */
    String node(String op, String hint, List<String> inputs, AttributeProto... attributes) {
        return nodeOutputs(op, hint, inputs, 1, attributes)[0];
    }

    /**
     * Adds a node with several outputs.
     *
     * @param op the operator type
     * @param hint the name hint of the outputs and the node
     * @param inputs the input tensor names
     * @param count the number of outputs
     * @param attributes the attributes
     * @return the output names
     */
    String[] nodeOutputs(
            String op, String hint, List<String> inputs, int count, AttributeProto... attributes) {
        String name = unique(hint + "/" + op);
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = count == 1 ? name : name + ":" + i;
        }
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(op);
        for (String input : inputs) {
            node.addInput(input);
            uses.merge(input, 1, Integer::sum);
        }
        for (String o : out) {
            node.addOutput(o);
        }
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        nodes.add(node.build());
        return out;
    }

    /**
     * Adds an {@code Identity} node whose output has exactly the given name (for graph outputs).
     *
     * @param tensor the tensor
     * @param name the name of the copy
     * @return the name
     */
    String named(String tensor, String name) {
        nodes.add(
                NodeProto.newBuilder()
                        .setName(unique(name + "/Identity"))
                        .setOpType("Identity")
                        .addInput(tensor)
                        .addOutput(name)
                        .build());
        uses.merge(tensor, 1, Integer::sum);
        return name;
    }

    /**
     * Records that a tensor is the output of a convolution with these constants.
     *
     * @param output the tensor
     * @param conv the convolution's constants
     */
    void markConvOutput(String output, ConvTensors conv) {
        convOutputs.put(output, conv);
    }

    /**
     * The constants of the convolution that produced the tensor, when nothing has read the tensor
     * yet (so changing them changes nothing else).
     *
     * @param tensor the tensor
     * @return the convolution's constants, or null
     */
    ConvTensors foldableConv(String tensor) {
        return uses.getOrDefault(tensor, 0) == 0 ? convOutputs.get(tensor) : null;
    }

    /**
     * An {@code INT} attribute.
     *
     * @param name the name
     * @param value the value
     * @return the attribute
     */
    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    /**
     * An {@code INTS} attribute.
     *
     * @param name the name
     * @param values the values
     * @return the attribute
     */
    static AttributeProto attribute(String name, long... values) {
        AttributeProto.Builder a =
                AttributeProto.newBuilder()
                        .setName(name)
                        .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /**
     * The model with this graph.
     *
     * @param graphName the graph's name
     * @param metadata the model's metadata properties
     * @return the model
     */
    ModelProto build(String graphName, Map<String, String> metadata) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName);
        graph.addAllNode(nodes).addAllInput(inputs).addAllOutput(outputs);
        for (Map.Entry<String, FloatTensor> e : floats.entrySet()) {
            FloatTensor t = e.getValue();
            ByteBuffer bytes =
                    ByteBuffer.allocate(t.data().length * Float.BYTES)
                            .order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(t.data());
            graph.addInitializer(tensor(e.getKey(), TensorProto.DataType.FLOAT, t.dims(), bytes));
        }
        for (Map.Entry<String, long[][]> e : ints.entrySet()) {
            long[] data = e.getValue()[0];
            ByteBuffer bytes =
                    ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asLongBuffer().put(data);
            graph.addInitializer(
                    tensor(e.getKey(), TensorProto.DataType.INT64, e.getValue()[1], bytes));
        }
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .setProducerName("acosp")
                        .setGraph(graph)
                        .addOpsetImport(
                                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.addMetadataProps(
                    StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return model.build();
    }

    private static TensorProto tensor(
            String name, TensorProto.DataType type, long[] dims, ByteBuffer bytes) {
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        bytes.rewind();
        return t.setRawData(ByteString.copyFrom(bytes)).build();
    }
}
