/**
 * The x86_64 architecture (4-level paging, 4 KiB pages, 2 MiB huge PMDs) as Linux 4.8 had it.
 *
 * @provides org.thplab.api.arch.Architecture {@code x86_64}
 */
// The name ends in the kernel's name for the architecture (x86_64), as do the bundle, the jar
// and what users pass to --arch; javac's advice against terminal digits (meant for version
// numbers) does not apply.
@SuppressWarnings("module")
module org.thplab.arch.x86_64 {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.arch.Architecture with org.thplab.arch.x86_64.X86_64;
}
