module org.example.cowsplit {
    requires org.thplab.api;
    provides org.thplab.api.anon.AnonymousMemoryType with org.example.cowsplit.CowSplit;
}
