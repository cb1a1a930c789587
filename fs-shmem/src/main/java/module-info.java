/**
 * Huge tmpfs whose huge pages are teams of small pages (the seed's design).
 */
module org.thplab.fs.shmem {
    requires org.thplab.api;
}
