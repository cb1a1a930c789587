truncate F 4K
