module org.example.ramfs {
    requires org.thplab.api;
    provides org.thplab.api.fs.FilesystemType with org.example.ramfs.Ramfs, org.example.ramfs.Hostile,
            org.example.ramfs.Fickle;
}
