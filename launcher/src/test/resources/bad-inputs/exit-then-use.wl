map p0 A anon 4K
fork p0 p1
exit p1
write p1 A 0 4K 1
