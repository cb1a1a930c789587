map p0 A anon 4K
mremap p0 A B size=4K
