fork p0 p1
fork p0 p1
