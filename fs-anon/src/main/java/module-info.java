/**
 * Anonymous transparent huge pages as Linux 4.6 had them.
 */
module org.thplab.fs.anon {
    requires org.thplab.api;
}
