map p0 A anon 0
