package org.example.ramfs;

import java.util.Map;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/** A provider whose constructor fails: what a plugin with a broken static setup looks like to the registry. */
public final class Unstartable implements FilesystemType {
    public Unstartable() {
        throw new IllegalStateException("this plugin cannot start");
    }

    @Override
    public String name() {
        return "unstartable";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        throw new AssertionError("never constructed");
    }
}
