map p0 A anon 4K
write p9 A 0 4K 1
