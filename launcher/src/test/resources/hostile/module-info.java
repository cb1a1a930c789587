module org.example.hostile {
    requires org.thplab.api;
    provides org.thplab.api.fs.FilesystemType with org.example.hostile.HostileFs;
    provides org.thplab.api.anon.AnonymousMemoryType with org.example.hostile.HostileAnon;
}
