map p0 A anon 4K
memory 1G
