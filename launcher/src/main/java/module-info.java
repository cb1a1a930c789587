/**
 * The command-line launcher: builds a module layer from the chosen plugin jars and runs
 * the memory manager with them.
 *
 * @uses org.thplab.api.arch.Architecture
 * @uses org.thplab.api.fs.FilesystemType
 * @uses org.thplab.api.anon.AnonymousMemoryType
 */
module org.thplab.launcher {
    requires org.thplab.api;
    requires org.thplab.mm;
    requires info.picocli;
    requires org.apache.felix.framework;
    requires java.logging;

    uses org.thplab.api.arch.Architecture;
    uses org.thplab.api.fs.FilesystemType;
    uses org.thplab.api.anon.AnonymousMemoryType;
    uses org.osgi.framework.launch.FrameworkFactory;
}
