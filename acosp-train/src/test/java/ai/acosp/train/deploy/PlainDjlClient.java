package ai.acosp.train.deploy;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A DJL program as a user would write it, naming no class of this project: it loads a model folder
 * with the plain {@code Criteria} (types and path; arguments only where given) and writes one line
 * per image, {@code <file name> <classes> <row,row,...>}, each row the class ids joined by spaces.
 * Run in a fresh JVM by {@link FreshJvmDeployTest}.
 *
 * <p>Usage: {@code PlainDjlClient image|input FOLDER OUT_FILE [-Akey=value ...] IMAGE...}; {@code
 * -A} pairs are {@code Criteria} arguments; {@code image} predicts {@code Image -> CategoryMask},
 * {@code input} sends the encoded file as DJL Serving does ({@code Input -> Output}, JSON back).
 */
public final class PlainDjlClient {

    private PlainDjlClient() {}

    /**
     * Runs the client.
     *
     * @param args the mode, the model folder, the output file and the images
     * @throws Exception if loading or predicting fails (the process then exits non-zero)
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        Map<String, Object> arguments = new LinkedHashMap<>();
        List<Path> images = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(3, args.length)) {
            if (arg.startsWith("-A")) {
                String[] pair = arg.substring(2).split("=", 2);
                arguments.put(pair[0], pair[1]);
            } else {
                images.add(Path.of(arg));
            }
        }
        List<String> lines = new ArrayList<>();
        if (args[0].equals("image")) {
            Criteria<Image, CategoryMask> criteria =
                    Criteria.builder()
                            .setTypes(Image.class, CategoryMask.class)
                            .optModelPath(folder)
                            .optArguments(arguments)
                            .build();
            try (ZooModel<Image, CategoryMask> model = criteria.loadModel();
                    Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
                for (Path image : images) {
                    CategoryMask mask =
                            predictor.predict(ImageFactory.getInstance().fromFile(image));
                    lines.add(line(image, mask.getClasses(), mask.getMask()));
                }
            }
        } else {
            Criteria<Input, Output> criteria =
                    Criteria.builder()
                            .setTypes(Input.class, Output.class)
                            .optModelPath(folder)
                            .optArguments(arguments)
                            .build();
            Gson gson = new Gson();
            try (ZooModel<Input, Output> model = criteria.loadModel();
                    Predictor<Input, Output> predictor = model.newPredictor()) {
                for (Path image : images) {
                    Input input = new Input();
                    input.add(Files.readAllBytes(image));
                    Output output = predictor.predict(input);
                    JsonObject json =
                            JsonParser.parseString(output.getAsString(0)).getAsJsonObject();
                    lines.add(
                            line(
                                    image,
                                    List.of(gson.fromJson(json.get("classes"), String[].class)),
                                    gson.fromJson(json.get("mask"), int[][].class)));
                }
            }
        }
        Files.write(Path.of(args[2]), lines, StandardCharsets.UTF_8);
    }

    private static String line(Path image, List<String> classes, int[][] mask) {
        return image.getFileName()
                + "\t"
                + String.join(",", classes)
                + "\t"
                + Arrays.stream(mask)
                        .map(
                                row ->
                                        Arrays.stream(row)
                                                .mapToObj(String::valueOf)
                                                .collect(Collectors.joining(" ")))
                        .collect(Collectors.joining(","));
    }
}
