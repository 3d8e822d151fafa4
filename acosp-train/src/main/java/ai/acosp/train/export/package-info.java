/**
 * {@code tool/export.sh}: an experiment's model as an ONNX file ({@link
 * ai.acosp.train.export.ExportExperiment}).
 */
package ai.acosp.train.export;
