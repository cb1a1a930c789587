exit p3
