# anon4k: one million base-page faults. 4 GiB of private anonymous memory with
# THP only on request (enabled=madvise, and no madvise here), written once.
thp enabled=madvise
map p0 A anon 4G
write p0 A 0 4G
smaps p0 A
