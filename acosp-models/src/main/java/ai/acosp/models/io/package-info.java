/**
 * PyTorch weight interchange: reading {@code torch.save} checkpoints (zip and legacy format),
 * safetensors and {@code .npz} files without Python ({@link ai.acosp.models.io.StateDictIO}),
 * naming a DJL block's parameters with the reference's state-dict keys ({@link
 * ai.acosp.models.io.StateDictKeys}), loading a state dict into a block with a strict report
 * ({@link ai.acosp.models.io.WeightImporter}), ImageNet backbone initialisation ({@link
 * ai.acosp.models.io.PretrainedBackbones}) and export to safetensors ({@link
 * ai.acosp.models.io.WeightExporter}).
 */
package ai.acosp.models.io;
