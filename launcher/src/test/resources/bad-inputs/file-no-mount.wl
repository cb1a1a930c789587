file F M 4K
