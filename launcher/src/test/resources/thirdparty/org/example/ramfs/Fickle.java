package org.example.ramfs;

import java.util.Map;
import java.util.Optional;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/** A filesystem that declares {@code mode=on|off} but refuses {@code off} when mounted: mount is the authority. */
public final class Fickle implements FilesystemType {
    private static final DeclaredOption MODE = DeclaredOption.words("mode", "on", "off");
    private static final DeclaredOptions OPTIONS = DeclaredOptions.of("fickle", MODE);

    @Override
    public String name() {
        return "fickle";
    }

    @Override
    public Optional<DeclaredOptions> declaredOptions() {
        return Optional.of(OPTIONS);
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        if ("off".equals(options.get("mode"))) {
            throw new IllegalArgumentException("fickle: mode=off is declared but not built yet");
        }
        return name -> {
            throw new IllegalArgumentException("fickle: holds no files");
        };
    }
}
