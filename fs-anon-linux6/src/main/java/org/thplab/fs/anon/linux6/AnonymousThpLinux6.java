package org.thplab.fs.anon.linux6;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.Optional;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOptions;

/** The {@code anon-thp-6.18} anonymous-memory plugin: Linux 6.18's THP policy. */
@ServiceProvider(value = AnonymousMemoryType.class, attribute = "anon.name=anon-thp-6.18")
public final class AnonymousThpLinux6 implements AnonymousMemoryType {

    /** The plugin's name. */
    public static final String NAME = "anon-thp-6.18";

    /** The ServiceLoader constructor. */
    public AnonymousThpLinux6() {
        // stateless: each machine's knobs live in its Linux6Policy
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<DeclaredOptions> declaredKnobs(Geometry g) {
        return Optional.of(Linux6Knobs.declarations(g.hpagePmdNr()));
    }

    @Override
    public AnonymousMemory start(AnonServices services) {
        return new Linux6Policy(new Linux6Knobs(services.geometry().hpagePmdNr()), services);
    }
}
