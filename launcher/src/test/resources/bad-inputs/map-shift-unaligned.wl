map p0 A anon 2M shift=5
