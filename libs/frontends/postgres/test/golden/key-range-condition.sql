"id" >= -5 AND "id" < 1000
