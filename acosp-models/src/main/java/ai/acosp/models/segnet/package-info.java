/**
 * SegNet with a VGG-16-shaped encoder whose max pools remember their argmax positions and a decoder
 * that unpools to them: {@link ai.acosp.models.segnet.SegNet}.
 */
package ai.acosp.models.segnet;
