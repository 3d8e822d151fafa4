package ai.acosp.models.pspnet;

import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.ResidualBlock;

/**
 * The ResNet bottleneck block: 1x1 conv to {@code planes}, 3x3 conv (stride and dilation here), 1x1
 * conv to {@code 4 * planes}, each with batch norm, added to the shortcut, then ReLU. The shortcut
 * is a 1x1 conv with batch norm ({@code downsample}) when the shape changes. Children are named as
 * in PyTorch: {@code conv1, bn1, conv2, bn2, conv3, bn3, downsample}.
 */
public class Bottleneck extends ResidualBlock {

    /** The ratio of output channels to {@code planes}. */
    public static final int EXPANSION = 4;

    /**
     * Creates a bottleneck block with Kaiming-normal (fan-out) convolutions.
     *
     * @param inChannels the input channels
     * @param planes the width of the inner convolutions; the block outputs {@code 4 * planes}
     * @param stride the stride of the 3x3 convolution and the shortcut
     * @param dilation the dilation (and padding) of the 3x3 convolution
     */
    public Bottleneck(long inChannels, int planes, int stride, int dilation) {
        int outChannels = planes * EXPANSION;
        addConvolution(ConvBuilder.resNetConv(inChannels, planes, 1).build());
        addConvolution(
                ConvBuilder.resNetConv(planes, planes, 3)
                        .optStride(stride)
                        .optPadding(dilation)
                        .optDilation(dilation)
                        .build());
        addConvolution(ConvBuilder.resNetConv(planes, outChannels, 1).build());
        addShortcut(inChannels, outChannels, stride);
    }
}
