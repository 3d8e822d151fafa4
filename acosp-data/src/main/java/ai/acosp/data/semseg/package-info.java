/**
 * Semantic-segmentation datasets in the semseg list-file format.
 *
 * <p>A list file holds one sample a line, {@code image_path label_path} separated by one space,
 * paths relative to {@code data_root}; a test list may give images only. {@link
 * ai.acosp.data.semseg.SemSegList} parses it, {@link ai.acosp.data.semseg.SemSegDataset} serves it
 * as a DJL dataset.
 */
package ai.acosp.data.semseg;
