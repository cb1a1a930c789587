punch F 0 4K
