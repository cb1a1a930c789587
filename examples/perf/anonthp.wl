# anonthp: 4096 huge-page faults. 8 GiB of private anonymous memory asked for
# THP with MADV_HUGEPAGE, written once: each write fault maps a 2 MiB THP.
thp enabled=madvise
map p0 A anon 8G
madvise p0 A 0 8G hugepage
write p0 A 0 8G
smaps p0 A
