mremap p0 A B
