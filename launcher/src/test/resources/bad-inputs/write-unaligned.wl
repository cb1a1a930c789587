map p0 A anon 8K
write p0 A 1 4K 1
