abs("id" % 4) = 1
