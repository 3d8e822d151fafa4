package ai.acosp.models.onnx;

import ai.djl.ndarray.types.Shape;

/**
 * A tensor of the graph being built: its name and its shape for the export's input size (the first
 * dimension is the batch the model was traced with; the graph's batch is symbolic).
 *
 * @param name the tensor name
 * @param shape the shape
 */
record Value(String name, Shape shape) {

    /**
     * The size of a dimension.
     *
     * @param axis the axis
     * @return its size
     */
    long dim(int axis) {
        return shape.get(axis);
    }
}
