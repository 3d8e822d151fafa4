/**
 * PSPNet (pyramid scene parsing network) with a dilated deep-base ResNet-50/101/152 backbone, as in
 * the semseg reference: {@link ai.acosp.models.pspnet.PSPNet}.
 */
package ai.acosp.models.pspnet;
