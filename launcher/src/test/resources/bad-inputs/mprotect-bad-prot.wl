map p0 A anon 2M
mprotect p0 A 0 4K q
