meminfo
expect Bogus=0
