ctid >= '(128,0)'::tid
