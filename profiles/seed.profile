# The seed: huge tmpfs as teams of small pages (Linux 4.8's huge tmpfs patches) and the
# anonymous THP policy of Linux 4.6. The default profile.
description = the seed: huge tmpfs as teams, Linux 4.6's anonymous THP
modules = org.thplab.fs.shmem, org.thplab.fs.anon
