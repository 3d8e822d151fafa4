/**
 * Data set metadata: class names and colour palettes in the semseg text format, the bundled tables
 * of the paper's data sets, and {@code colorize} for class maps.
 *
 * <p>Files: names one per line; colours {@code R G B} per line (0..255), line {@code i} for class
 * {@code i}. The bundled resources ({@link ai.acosp.data.meta.KnownDataset}):
 *
 * <ul>
 *   <li>ADE20K: the 150 SceneParsing class names (first name of each entry of {@code
 *       objectInfo150}) and the palette used by the semseg/mmsegmentation ADE20K code.
 *   <li>Cityscapes: the 19 train-id classes and their official colours (cityscapesScripts).
 *   <li>PASCAL VOC 2012: the 21 classes and the official VOC colour map (computed by the devkit's
 *       bit-interleaving rule, so exact by construction).
 *   <li>CamVid: the 11 classes of the SegNet CamVid split with the original CamVid colours.
 * </ul>
 */
package ai.acosp.data.meta;
