/**
 * A synthetic semantic-segmentation data set generated from a seed: textured backgrounds with
 * circles, rectangles, triangles and crosses, written as PNGs with semseg list files. Small
 * networks learn it within minutes on a CPU, which makes it the data of the demo and of end-to-end
 * tests.
 */
package ai.acosp.data.synthetic;
