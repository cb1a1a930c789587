map p0 A anon 4K
write p0 A 4K 4K 1
