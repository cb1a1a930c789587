/**
 * ppc64 book3s64 with 64 KiB pages as Linux 4.8 had it, in its two MMU modes.
 *
 * @provides org.thplab.api.arch.Architecture {@code ppc64} (hash MMU, 16 MiB PMDs) and
 *           {@code ppc64-radix} (radix MMU, 2 MiB PMDs)
 */
// The name ends in the kernel's name for the architecture (ppc64), as do the bundle, the jar
// and what users pass to --arch; javac's advice against terminal digits (meant for version
// numbers) does not apply.
@SuppressWarnings("module")
module org.thplab.arch.ppc64 {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.arch.Architecture with
            org.thplab.arch.ppc64.Ppc64Hash,
            org.thplab.arch.ppc64.Ppc64Radix;
}
