frobnicate p0
