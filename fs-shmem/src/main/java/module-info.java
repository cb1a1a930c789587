/**
 * Huge tmpfs whose huge pages are teams of small pages (the seed's design).
 *
 * @provides org.thplab.api.fs.FilesystemType {@code tmpfs}
 */
module org.thplab.fs.shmem {
    requires org.thplab.api;
    requires static biz.aQute.bnd.annotation;

    provides org.thplab.api.fs.FilesystemType with org.thplab.fs.shmem.Tmpfs;
}
