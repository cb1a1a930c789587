meminfo
