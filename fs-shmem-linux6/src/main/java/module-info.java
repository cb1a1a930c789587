/**
 * Huge tmpfs as Linux 6.18 has it: a huge page is one PMD-order compound page in the page
 * cache (a folio), mapped by PMD where a mapping allows, split when truncated or punched.
 *
 * @provides org.thplab.api.fs.FilesystemType {@code tmpfs}
 */
@SuppressWarnings("module") // the name ends in digits on purpose: it names the kernel it follows
module org.thplab.fs.shmem.linux6 {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.fs.FilesystemType with org.thplab.fs.shmem.linux6.Tmpfs;
}
