/**
 * The command-line launcher: builds a module layer from the chosen plugin jars and runs
 * the memory manager with them.
 *
 * @uses org.thplab.api.arch.Architecture
 * @uses org.thplab.api.fs.FilesystemType
 */
module org.thplab.launcher {
    requires org.thplab.api;
    requires org.thplab.mm;
    requires info.picocli;

    uses org.thplab.api.arch.Architecture;
    uses org.thplab.api.fs.FilesystemType;

    opens org.thplab.launcher to info.picocli;
}
