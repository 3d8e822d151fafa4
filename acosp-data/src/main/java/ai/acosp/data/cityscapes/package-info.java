/**
 * Cityscapes helpers: the official labelId/trainId table, a converter between the two for label
 * PNGs, and a generator of semseg list files for the Cityscapes folder tree.
 */
package ai.acosp.data.cityscapes;
