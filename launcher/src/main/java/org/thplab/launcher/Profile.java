package org.thplab.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A named choice of bundled plugin modules, kept as data in {@code NAME.profile} (read with
 * {@link Properties}): {@code description} and {@code modules}, the module names separated by
 * commas or spaces. The architecture is chosen apart ({@code --arch}), so a profile names only
 * filesystems and anonymous-memory policies.
 *
 * @param name        the file's name without {@code .profile}
 * @param file        where it was read, for messages
 * @param description one line for {@code thplab modules}
 * @param modules     the JPMS module names (Bundle-SymbolicNames under OSGi), in the file's order
 */
record Profile(String name, Path file, String description, List<String> modules) {
    /** The file suffix of a profile. */
    static final String SUFFIX = ".profile";
    /** What a profile's name may be: it is typed on command lines and is part of a file name. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Set<String> KEYS = new TreeSet<>(List.of("description", "modules"));

    Profile {
        modules = List.copyOf(modules);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException in one line naming the profile and its file: unreadable,
     *         an unknown key, no {@code modules}, or a word that is not a module name
     */
    static Profile read(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        String at = "profile " + name + " (" + file + "): ";
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(at + "a profile's name must match " + NAME.pattern());
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(at + "not UTF-8 text", e);
        } catch (IOException | IllegalArgumentException e) { // the latter: a malformed \\uXXXX escape
            throw new IllegalArgumentException(at + "cannot be read: " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(at + "unknown key '" + key + "'; expected " + String.join(", ", KEYS));
            }
        }
        String listed = p.getProperty("modules");
        if (listed == null) {
            throw new IllegalArgumentException(at + "no 'modules' key (modules = NAME, NAME...)");
        }
        List<String> modules = new ArrayList<>();
        for (String module : listed.strip().split("[,\\s]+")) {
            if (module.isEmpty()) {
                continue; // modules = (none): the architecture alone
            }
            if (!MODULE.matcher(module).matches()) {
                throw new IllegalArgumentException(at + "'" + module + "' is not a module name");
            }
            if (modules.contains(module)) {
                throw new IllegalArgumentException(at + "module " + module + " is listed twice");
            }
            modules.add(module);
        }
        return new Profile(name, file, p.getProperty("description", "").strip(), modules);
    }

    /** How a module this profile chose is named in messages: {@code (profile NAME)}. */
    String origin() {
        return "profile " + name;
    }
}
