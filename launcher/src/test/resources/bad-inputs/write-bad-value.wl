map p0 A anon 4K
write p0 A 0 4K 300
