# forkcow: half a million copy-on-write faults. 2 GiB of base-page anonymous
# memory written, the process forks, the child writes every page; both then
# check they still see their own values.
thp enabled=madvise
map p0 A anon 2G
write p0 A 0 2G 1
fork p0 p1
write p1 A 0 2G 2
verify p0 A 0 2G 1
verify p1 A 0 2G 2
