package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The profiles folder: one {@code NAME.profile} file per {@link Profile}. Users add a profile
 * by adding a file; a run reads only the file it chose, so a broken file elsewhere in the
 * folder does not stop it.
 *
 * <p>Where the folder is: {@code --profiles-dir}, else the {@code thplab.profiles} property
 * ({@code ./thplab} sets it to the repository's {@code profiles/}), else {@code profiles}
 * beside the bundled plugins folder (the build copies it to {@code launcher/target/profiles},
 * so a packaged launcher and the tests find it as they find {@code target/plugins}).
 * Without any, no profile applies and every bundled jar is loaded.
 */
record Profiles(Path dir) {
    /** The profile a run uses unless told otherwise; its output is the seed's. */
    static final String DEFAULT = "seed";

    /** The folder for these options, or null when there is none (see the class comment). */
    static Profiles locate(Path profilesDir, Path bundled) {
        if (profilesDir != null) {
            if (!Files.isDirectory(profilesDir)) {
                throw new IllegalArgumentException("profiles folder " + profilesDir + " does not exist");
            }
            return new Profiles(profilesDir);
        }
        if (bundled != null && bundled.toAbsolutePath().getParent() != null) {
            Path beside = bundled.toAbsolutePath().getParent().resolve("profiles");
            if (Files.isDirectory(beside)) {
                return new Profiles(beside);
            }
        }
        return null;
    }

    /**
     * The profile {@code name} ({@link #DEFAULT} if null).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad file
     */
    Profile named(String name) {
        String wanted = name == null ? DEFAULT : name;
        Path file = dir.resolve(wanted + Profile.SUFFIX);
        if (!Profile.NAME.matcher(wanted).matches() || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("unknown profile '" + wanted + "': expected one of " + names()
                    + " (profiles in " + dir + ")");
        }
        return Profile.read(file);
    }

    /** The names of the profiles in the folder, sorted. */
    List<String> names() {
        return files().stream().map(f -> f.getFileName().toString())
                .map(n -> n.substring(0, n.length() - Profile.SUFFIX.length())).toList();
    }

    /** Every profile, read, sorted by name. */
    List<Profile> all() {
        return files().stream().map(Profile::read).toList();
    }

    private List<Path> files() {
        try (Stream<Path> files = Files.list(dir)) {
            // by profile name: seed before seed-again, though seed.profile sorts after seed-again.profile
            return files.filter(f -> f.getFileName().toString().endsWith(Profile.SUFFIX) && Files.isRegularFile(f))
                    .sorted(java.util.Comparator.comparing(f -> {
                        String n = f.getFileName().toString();
                        return n.substring(0, n.length() - Profile.SUFFIX.length());
                    })).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("profiles folder " + dir + " cannot be listed: " + e.getMessage(), e);
        }
    }
}
