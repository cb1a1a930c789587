map p0 A file F 4K
