map p0 A anon
