mount M
file F M 4K
file F M 4K
