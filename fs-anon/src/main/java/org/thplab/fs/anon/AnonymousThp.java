package org.thplab.fs.anon;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.Optional;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOptions;

/** The {@code anon-thp} anonymous-memory plugin: Linux 4.6's THP policy, with today's khugepaged limits. */
@ServiceProvider(value = AnonymousMemoryType.class, attribute = "anon.name=anon-thp")
public final class AnonymousThp implements AnonymousMemoryType {

    /** The plugin's name. */
    public static final String NAME = "anon-thp";

    /** The ServiceLoader constructor. */
    public AnonymousThp() {
        // stateless: each machine's knobs live in its ThpPolicy
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<DeclaredOptions> declaredKnobs(Geometry g) {
        return Optional.of(ThpKnobs.declarations(g.hpagePmdNr()));
    }

    @Override
    public AnonymousMemory start(AnonServices services) {
        return new ThpPolicy(new ThpKnobs(services.geometry().hpagePmdNr()), services);
    }
}
