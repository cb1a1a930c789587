map p0 A anon 4K
verify p0 A 0 4K
