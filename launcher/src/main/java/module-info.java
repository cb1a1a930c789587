/**
 * The command-line launcher: builds a module layer from the chosen plugin jars and runs
 * the memory manager with them.
 *
 * @uses org.thplab.api.arch.Architecture
 */
module org.thplab.launcher {
    requires org.thplab.api;
    requires org.thplab.mm;
    requires info.picocli;

    uses org.thplab.api.arch.Architecture;

    opens org.thplab.launcher to info.picocli;
}
