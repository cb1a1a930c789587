/** A third party's filesystem plugin: ramfs, small pages only, written against the thplab api alone. */
module org.example.ramfs {
    requires org.thplab.api;
    provides org.thplab.api.fs.FilesystemType with org.example.ramfs.Ramfs;
}
