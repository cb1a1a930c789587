# café
meminfo
