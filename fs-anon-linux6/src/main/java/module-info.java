/**
 * Anonymous transparent huge pages as Linux 6.18 has them: copy-on-write of a shared THP
 * splits the writer's PMD and copies one page, and khugepaged's and MADV_COLLAPSE's rules
 * of 6.18. Written against the api alone, as a third party would.
 *
 * @provides org.thplab.api.anon.AnonymousMemoryType {@code anon-thp-6.18}
 */
@SuppressWarnings("module") // the name ends in digits on purpose: it names the kernel it follows
module org.thplab.fs.anon.linux6 {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.anon.AnonymousMemoryType with org.thplab.fs.anon.linux6.AnonymousThpLinux6;
}
