# Linux 6.18: huge tmpfs as compound pages mapped by one PMD, and copy-on-write of a
# PMD-mapped THP shared after fork splitting the writer's PMD (5.8+).
description = Linux 6.18: huge tmpfs as compound pages, copy-on-write splits the PMD
modules = org.thplab.fs.shmem.linux6, org.thplab.fs.anon.linux6
