# A tour of thplab: anonymous THP and huge tmpfs teams, in pmd and page units so
# that it runs on every architecture (./thplab run --arch ppc64 examples/tour.wl).

echo anonymous memory with MADV_HUGEPAGE: a write fault maps a THP by one PMD
thp enabled=madvise
map p0 A anon 2pmd
madvise p0 A 0 2pmd hugepage
write p0 A 0 1pmd 7
read p0 A 1pmd 1pmd
layout p0 A
smaps p0 A

echo fork, then the child writes: Linux 4.6 copies the whole huge page
fork p0 p1
write p1 A 0 1page 8
verify p0 A 0 1pmd 7
verify p1 A 0 1page 8
meminfo
exit p1

echo mprotect of one page splits the PMD into PTEs; the data stays
mprotect p0 A 16page 1page r
layout p0 A
verify p0 A 0 1pmd 7

echo back to read-write and written to, khugepaged collapses the extent into a THP again
mprotect p0 A 16page 1page rw
write p0 A 0 1page 7
khugepaged
layout p0 A
verify p0 A 0 1pmd 7

echo huge tmpfs: a shared mapping of a huge=always file is mapped by team PMDs
mount M huge=always
file F M 2pmd
map p0 T file F 2pmd
write p0 T 0 2pmd 3
layout p0 T
smaps p0 T
meminfo

echo punching one page disbands its team; the other pages live on as small pages
punch F 4page 1page
layout p0 T
verify p0 T 0 2pmd 3
meminfo
