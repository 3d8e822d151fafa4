/**
 * Compaction of this project's models: the rules the generic compactor needs for SegNet and
 * PSPNet ({@link ai.acosp.models.compact.ModelCompaction}) and loading saved compact models
 * without the pruning code ({@link ai.acosp.models.compact.CompactModels}).
 */
package ai.acosp.models.compact;
