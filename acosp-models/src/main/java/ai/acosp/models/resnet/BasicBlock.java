package ai.acosp.models.resnet;

import ai.acosp.models.nn.ConvBuilder;
import ai.acosp.models.nn.ResidualBlock;

/**
 * torchvision's ResNet basic block: two 3x3 convolutions with batch norm, the first with the
 * stride, added to the shortcut, then ReLU; the shortcut is a strided 1x1 convolution with batch
 * norm ({@code downsample}) when the shape changes. Children: {@code conv1, bn1, conv2, bn2,
 * downsample}.
 */
public class BasicBlock extends ResidualBlock {

    /**
     * Creates a basic block with Kaiming-normal (fan-out) convolutions.
     *
     * @param inChannels the input channels
     * @param outChannels the output channels
     * @param stride the stride of the first convolution and of the shortcut
     */
    public BasicBlock(long inChannels, int outChannels, int stride) {
        addConvolution(
                ConvBuilder.resNetConv(inChannels, outChannels, 3)
                        .optStride(stride)
                        .optPadding(1)
                        .build());
        addConvolution(ConvBuilder.resNetConv(outChannels, outChannels, 3).optPadding(1).build());
        addShortcut(inChannels, outChannels, stride);
    }
}
