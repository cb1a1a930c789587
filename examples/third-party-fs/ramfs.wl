# ramfs from examples/third-party-fs: small pages only, whatever the THP settings say.
mount R type=ramfs
file F R 4page
map p0 A file F 4page
write p0 A 0 4page 9
verify p0 A 0 4page 9
smaps p0 A
truncate F 2page
read p0 A 0 4page
meminfo
