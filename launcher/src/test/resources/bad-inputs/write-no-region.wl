write p0 A 0 4K 1
