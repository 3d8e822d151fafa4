/**
 * ResNet-18 adapted to CIFAR-10 as in the reference: {@link ai.acosp.models.resnet.ResNet18Cifar}.
 */
package ai.acosp.models.resnet;
