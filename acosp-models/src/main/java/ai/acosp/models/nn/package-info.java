/**
 * Layers and tensor functions that PyTorch has and DJL lacks or computes differently: channel
 * dropout, bilinear resizing with {@code align_corners=True}, adaptive average pooling, max pooling
 * with indices and max unpooling, and PyTorch's initialisers; and the building blocks the models
 * share ({@link ai.acosp.models.nn.ModuleBlock}, the ResNet {@link
 * ai.acosp.models.nn.ResidualBlock}).
 */
package ai.acosp.models.nn;
