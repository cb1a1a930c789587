# cow-after-fork: a write to an anonymous THP shared after fork, under two designs.
# The seed (Linux 4.6) copies the whole huge page for the writer and maps the copy by a PMD;
# Linux 5.8 and later split the writer's PMD and copy only the page written, so the writer's
# AnonHugePages drops by one PMD and meminfo counts one THP fewer once the other side's
# mapping of it goes too. Compare them:
#   ./thplab compare --profiles seed,linux-6 examples/compare/cow-after-fork.wl
thp enabled=always
map p0 A anon 4pmd
write p0 A 0 4pmd 1
fork p0 p1
smaps p0 A
meminfo
# the parent writes one page of the second huge page
write p0 A 1pmd 1page 2
smaps p0 A
smaps p1 A
meminfo
# the child writes one page of the third
write p1 A 2pmd 1page 3
smaps p1 A
meminfo
layout p0 A
layout p1 A
verify p0 A 1pmd 1page 2
verify p1 A 1pmd 1page 1
verify p1 A 2pmd 1page 3
exit p1
smaps p0 A
meminfo
