map p0 A heap 4K
