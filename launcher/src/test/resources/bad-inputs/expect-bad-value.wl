expect AnonHugePages=lots
