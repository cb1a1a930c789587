map p0 A anon 4X
