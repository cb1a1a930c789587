thp shmem_enabled=maybe
