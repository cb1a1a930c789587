/**
 * Anonymous transparent huge pages as Linux 4.6 had them: the policy half of
 * mm/huge_memory.c and mm/khugepaged.c over the core's mechanisms.
 *
 * @provides org.thplab.api.anon.AnonymousMemoryType {@code anon-thp}
 */
module org.thplab.fs.anon {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.anon.AnonymousMemoryType with org.thplab.fs.anon.AnonymousThp;
}
