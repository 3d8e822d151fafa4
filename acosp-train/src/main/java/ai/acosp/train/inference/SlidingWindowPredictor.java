package ai.acosp.train.inference;

import ai.acosp.core.ForwardScope;
import ai.acosp.data.image.CenterPadding;
import ai.acosp.data.image.ImageOps;
import ai.acosp.data.image.Normalization;
import ai.acosp.data.image.TensorConversion;
import ai.acosp.models.nn.Resampling;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Predicts a class map for a whole image as the semseg test script does: for each scale, resize so
 * the long side is {@code round(scale * base_size)}; pad with the mean to at least the window;
 * slide a {@code crop_h x crop_w} window with stride {@code ceil(crop * 2/3)}; each window's
 * prediction is the softmax of the model output (upsampled to the window), averaged with that of
 * the flipped window flipped back; overlaps are averaged; the padding is cut off, the map resized
 * back to the image size and averaged over scales; the argmax is the class. The flip is on by
 * default, as in the test phase; without it each window runs once.
 */
public class SlidingWindowPredictor {

    private final Block model;
    private final NDManager manager;
    private final ParameterStore parameters;
    private final int classes;
    private final int cropH;
    private final int cropW;
    private final int baseSize;
    private final List<Double> scales;
    private final Normalization normalization;
    private final boolean flip;

    /**
     * Creates the predictor.
     *
     * @param model the initialised network
     * @param manager the manager whose device runs the network (the model's)
     * @param settings the recipe
     */
    public SlidingWindowPredictor(Block model, NDManager manager, InferenceSettings settings) {
        this.model = model;
        this.manager = manager;
        this.parameters = new ParameterStore(manager, false);
        this.classes = settings.classes();
        this.cropH = settings.windowH();
        this.cropW = settings.windowW();
        this.baseSize = settings.baseSize();
        this.scales = settings.scales();
        this.normalization = settings.normalization();
        this.flip = settings.flip();
    }

    /**
     * Predicts the class of every pixel.
     *
     * @param image the RGB image, {@code CV_32FC3}, values 0..255
     * @return the class ids, row by row, {@code H * W} values
     */
    public int[] predict(Mat image) {
        int h = image.rows();
        int w = image.cols();
        try (NDManager scope = manager.newSubManager()) {
            NDArray sum = scope.zeros(new ai.djl.ndarray.types.Shape(classes, h, w));
            for (double scale : scales) {
                Mat scaled = ImageOps.resizeLongSide(image, (int) Math.round(scale * baseSize));
                try {
                    sum = sum.add(scaleProcess(scope, scaled, h, w));
                } finally {
                    scaled.release();
                }
            }
            return sum.argMax(0).toType(DataType.INT32, false).toIntArray();
        }
    }

    private NDArray scaleProcess(NDManager scope, Mat image, int h, int w) {
        int oriH = image.rows();
        int oriW = image.cols();
        CenterPadding padding = CenterPadding.of(oriH, oriW, cropH, cropW);
        Mat padded = padding.apply(image, normalization.meanScalar());
        NDArray input;
        try {
            input =
                    TensorConversion.toImageTensor(scope, padded, normalization)
                            .toDevice(scope.getDevice(), false);
        } finally {
            padded.release();
        }
        int newH = (int) input.getShape().get(1);
        int newW = (int) input.getShape().get(2);
        int strideH = (int) Math.ceil(cropH * 2.0 / 3);
        int strideW = (int) Math.ceil(cropW * 2.0 / 3);
        int gridH = (int) Math.ceil((double) (newH - cropH) / strideH) + 1;
        int gridW = (int) Math.ceil((double) (newW - cropW) / strideW) + 1;
        NDArray prediction = scope.zeros(new ai.djl.ndarray.types.Shape(classes, newH, newW));
        float[] count = new float[newH * newW];
        for (int gy = 0; gy < gridH; gy++) {
            for (int gx = 0; gx < gridW; gx++) {
                int endH = Math.min(gy * strideH + cropH, newH);
                int startH = endH - cropH;
                int endW = Math.min(gx * strideW + cropW, newW);
                int startW = endW - cropW;
                NDIndex window = new NDIndex(":, {}:{}, {}:{}", startH, endH, startW, endW);
                // each window's arrays (the network's intermediates among them) go before the next
                ForwardScope.run(
                        new NDList(input, prediction),
                        in -> {
                            NDArray probabilities = netProcess(in.get(0).get(window));
                            NDArray sum = in.get(1);
                            sum.set(window, sum.get(window).add(probabilities));
                            return new NDList();
                        });
                for (int y = startH; y < endH; y++) {
                    for (int x = startW; x < endW; x++) {
                        count[y * newW + x]++;
                    }
                }
            }
        }
        NDArray counts =
                scope.create(count, new ai.djl.ndarray.types.Shape(1, newH, newW))
                        .toDevice(prediction.getDevice(), false);
        prediction = prediction.div(counts);
        prediction =
                prediction.get(
                        new NDIndex(
                                ":, {}:{}, {}:{}",
                                padding.top(),
                                padding.top() + oriH,
                                padding.left(),
                                padding.left() + oriW));
        return Resampling.bilinearHalfPixel(prediction, h, w);
    }

    private NDArray netProcess(NDArray crop) {
        if (!flip) {
            return probabilities(crop);
        }
        // the flipped window is a pass of its own, not a batch of two as in semseg: the same
        // work, half the activation memory at a time
        NDArray probabilities = ForwardScope.run(crop, this::probabilities);
        NDArray flipped = ForwardScope.run(crop, c -> probabilities(c.flip(2)).flip(2));
        return probabilities.add(flipped).div(2);
    }

    /** The softmax over the classes of the network's output for one crop {@code (3, H, W)}. */
    private NDArray probabilities(NDArray crop) {
        NDArray output = model.forward(parameters, new NDList(crop.expandDims(0)), false).head();
        long outH = output.getShape().get(2);
        long outW = output.getShape().get(3);
        if (outH != crop.getShape().get(1) || outW != crop.getShape().get(2)) {
            output =
                    Resampling.bilinearAlignCorners(
                            output, crop.getShape().get(1), crop.getShape().get(2));
        }
        return output.softmax(1).get(0);
    }
}
