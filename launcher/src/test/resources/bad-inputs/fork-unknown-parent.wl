fork p5 p6
