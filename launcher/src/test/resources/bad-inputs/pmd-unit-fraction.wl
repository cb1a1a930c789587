map p0 A anon 1.5pmd
