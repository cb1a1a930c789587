map p0 A anon 2M
madvise p0 A 0 2M sometimes
