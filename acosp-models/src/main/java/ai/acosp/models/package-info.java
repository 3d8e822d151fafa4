/**
 * The networks of the ACoSP experiments as DJL blocks: {@link ai.acosp.models.pspnet.PSPNet},
 * {@link ai.acosp.models.segnet.SegNet} and {@link ai.acosp.models.resnet.ResNet18Cifar}, with
 * their losses ({@link ai.acosp.models.loss}) and PyTorch checkpoint import and export ({@link
 * ai.acosp.models.io}).
 *
 * <p>Every model names its children after the modules of the PyTorch reference, so a reference
 * state dict maps onto the blocks by a mechanical walk, and every convolution except the final
 * classifiers can be masked by {@link ai.acosp.core.SoftTopKPruner#configureModel}.
 */
package ai.acosp.models;
