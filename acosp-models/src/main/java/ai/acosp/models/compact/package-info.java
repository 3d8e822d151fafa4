/**
 * Compaction of this project's models: the rules the generic compactor needs for SegNet and PSPNet
 * ({@link ai.acosp.models.compact.ModelCompaction}) and the compact format, written and read in one
 * place so that a compact model loads without the pruning code ({@link
 * ai.acosp.models.compact.CompactModels}).
 */
package ai.acosp.models.compact;
