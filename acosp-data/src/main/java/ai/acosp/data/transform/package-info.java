/**
 * The semseg augmentation pipeline, acting on an image/label pair ({@link
 * ai.acosp.data.transform.SegSample}) with an explicit random generator.
 *
 * <p>Training order (as semseg's train script): {@link ai.acosp.data.transform.RandomScale}, {@link
 * ai.acosp.data.transform.RandomRotate}, {@link ai.acosp.data.transform.RandomGaussianBlur}, {@link
 * ai.acosp.data.transform.RandomHorizontalFlip}, {@link ai.acosp.data.transform.Crop} (random);
 * validation: {@link ai.acosp.data.transform.Crop} (centre). To-tensor and normalise follow in
 * {@link ai.acosp.data.image.TensorConversion}. {@link ai.acosp.data.transform.SegAugmentation}
 * builds both pipelines from the config values.
 */
package ai.acosp.data.transform;
