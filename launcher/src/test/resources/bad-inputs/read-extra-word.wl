map p0 A anon 4K
read p0 A 0 4K 5 6
