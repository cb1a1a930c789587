thp colour=blue
