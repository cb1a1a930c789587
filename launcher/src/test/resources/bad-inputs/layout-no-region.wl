layout p0 Q
