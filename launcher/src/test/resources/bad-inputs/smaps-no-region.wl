smaps p0 A
