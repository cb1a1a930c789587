map p0 A anon 4K
munmap p0 A 0 8K
