# shmemteam: 4096 PMD-mapped huge tmpfs extents. An 8 GiB file on a
# huge=always mount, mapped shared and written once.
thp enabled=madvise
mount M huge=always size=9G
file F M 8G
map p0 A file F 8G
write p0 A 0 8G
smaps p0 A
meminfo
