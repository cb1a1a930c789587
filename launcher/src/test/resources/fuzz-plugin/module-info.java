module org.example.corruptfs {
    requires org.thplab.api;
    provides org.thplab.api.fs.FilesystemType with org.example.corruptfs.Corruptfs,
            org.example.corruptfs.Corruptfs.Leakyfs;
}
