package ai.acosp.train.deploy;

import ai.acosp.train.checkpoint.AtomicFiles;
import ai.djl.Application;
import ai.djl.repository.Artifact;
import ai.djl.repository.Metadata;
import ai.djl.util.JsonUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DJL's own description of a model folder, so that a plain {@code Criteria.optModelPath(folder)}
 * finds the translator factory with no argument.
 *
 * <p>DJL 0.36 picks the translator factory from the artifact's arguments before it reads {@code
 * serving.properties}. A folder is read as a {@code SimpleRepository} (no arguments) unless a
 * {@code metadata.json} sits in a subfolder at {@code model/<application>/<group path>/<artifact
 * id>/}: then it is a {@code LocalRepository} whose artifact carries the arguments. Such an
 * artifact is copied once into DJL's cache ({@code DJL_CACHE_DIR}, default {@code ~/.djl.ai}) under
 * its version; the version here is a digest of the files, so a rewritten folder is a new version
 * and never meets a stale copy, and every file carries its SHA-1, so a truncated or altered file
 * fails the copy with DJL's checksum error.
 */
public final class ModelZooMetadata {

    /** The group of every folder this project writes. */
    public static final String GROUP_ID = "ai.acosp";

    /** The application the folders declare. */
    public static final Application APPLICATION = Application.CV.SEMANTIC_SEGMENTATION;

    /** The top folder DJL's local repository looks for model metadata in. */
    public static final String SUBFOLDER = "model";

    private static final String FILE = "metadata.json";

    private ModelZooMetadata() {}

    /**
     * The metadata file of a model folder.
     *
     * @param folder the model folder
     * @return {@code <folder>/model/cv/semantic_segmentation/ai/acosp/<folder name>/metadata.json}
     */
    public static Path file(Path folder) {
        return artifactFolder(folder).resolve(FILE);
    }

    /**
     * Describes the folder's files (all regular, non-hidden files at its top) as one artifact named
     * after the folder, which is also the stem of its parameter file. Call it after every other
     * file of the folder is written.
     *
     * @param folder the model folder
     * @param arguments the artifact's arguments (at least {@code translatorFactory})
     * @throws IOException if the folder cannot be read or the file not written
     */
    public static void write(Path folder, Map<String, String> arguments) throws IOException {
        String name = folder.toAbsolutePath().normalize().getFileName().toString();
        Path artifactFolder = artifactFolder(folder);
        String toTop = artifactFolder.relativize(folder).toString().replace('\\', '/') + "/";

        Map<String, Artifact.Item> files = new LinkedHashMap<>();
        MessageDigest version = sha1();
        for (Path file : topFiles(folder)) {
            String fileName = file.getFileName().toString();
            String hash = sha1Of(file);
            Artifact.Item item = new Artifact.Item();
            item.setUri(toTop + fileName);
            item.setName(fileName);
            item.setType("file");
            item.setSize(Files.size(file));
            item.setSha1Hash(hash);
            files.put(fileName, item);
            version.update((fileName + '=' + hash + '\n').getBytes(StandardCharsets.UTF_8));
        }

        Artifact artifact = new Artifact();
        artifact.setName(name);
        artifact.setVersion(HexFormat.of().formatHex(version.digest()).substring(0, 16));
        artifact.setArguments(new LinkedHashMap<>(arguments));
        artifact.setFiles(files);

        Metadata metadata = new Metadata();
        metadata.setMetadataVersion("0.2");
        metadata.setResourceType("model");
        metadata.setApplication(APPLICATION);
        metadata.setGroupId(GROUP_ID);
        metadata.setArtifactId(name);
        metadata.setName(name);
        metadata.setDescription("ACoSP segmentation model; load with DJL Criteria.optModelPath");
        metadata.setArtifacts(List.of(artifact));
        String json = JsonUtils.GSON_PRETTY.toJson(metadata);
        AtomicFiles.write(file(folder), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path artifactFolder(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return folder.resolve(SUBFOLDER)
                .resolve(APPLICATION.getPath())
                .resolve(GROUP_ID.replace('.', '/'))
                .resolve(name.toString());
    }

    private static List<Path> topFiles(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String sha1Of(Path file) throws IOException {
        MessageDigest digest = sha1();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
