/**
 * Pure image operations on OpenCV {@link org.opencv.core.Mat}s: decoding, resizing, padding,
 * normalisation constants and conversion to DJL {@link ai.djl.ndarray.NDArray}s.
 *
 * <p>Conventions: colour images are RGB {@code CV_32FC3} with values 0..255 (as the semseg code
 * reads them); label maps are {@code CV_8UC1} class ids. Call {@link
 * ai.acosp.data.image.OpenCv#load()} before creating any {@code Mat} yourself; the classes here do
 * it for you.
 */
package ai.acosp.data.image;
