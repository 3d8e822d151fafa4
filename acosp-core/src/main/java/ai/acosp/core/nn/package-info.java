/**
 * The blocks ACoSP puts into a network: masked convolutions with soft and hard channel masks, the
 * channel-sparse convolution, the unprunable convolution marker, the container contracts ({@link
 * ai.acosp.core.nn.RewritableBlock}, {@link ai.acosp.core.nn.LeafBlock}) that let the pruner
 * rewrite a block tree, and the primitives these blocks compute with: the soft top-k function
 * {@link ai.acosp.core.nn.SigmoidSoftTopK} and autograd-safe {@link ai.acosp.core.nn.Scalars}.
 *
 * <p>This package depends on DJL only; the rest of the library depends on it, never the other way.
 */
package ai.acosp.core.nn;
