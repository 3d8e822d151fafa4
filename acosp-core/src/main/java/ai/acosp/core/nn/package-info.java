/**
 * The blocks ACoSP puts into a network: masked convolutions with soft and hard channel masks, the
 * channel-sparse convolution, the unprunable convolution marker, and the container contract that
 * lets the pruner rewrite a block tree.
 */
package ai.acosp.core.nn;
