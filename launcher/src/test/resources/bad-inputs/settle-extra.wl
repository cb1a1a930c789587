settle 3
