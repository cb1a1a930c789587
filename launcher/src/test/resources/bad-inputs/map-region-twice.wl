map p0 A anon 4K
map p0 A anon 4K
