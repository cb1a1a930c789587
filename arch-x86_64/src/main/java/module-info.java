/**
 * The x86_64 architecture (4-level paging, 4 KiB pages, 2 MiB huge PMDs) as Linux 4.8 had it.
 *
 * @provides org.thplab.api.arch.Architecture {@code x86_64}
 */
module org.thplab.arch.x86_64 {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.arch.Architecture with org.thplab.arch.x86_64.X86_64;
}
