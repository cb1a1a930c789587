module org.example.tmpfs {
    requires org.thplab.api;
    provides org.thplab.api.fs.FilesystemType with org.example.tmpfs.OtherTmpfs;
}
