"""spark-submit job for the smoke test: read a PostgreSQL table over JDBC, write it as Parquet.

usage: spark-submit --master local[2] --jars postgresql.jar pg_to_parquet.py JDBC_URL USER PASSWORD TABLE OUT_DIR
"""
import sys

from pyspark.sql import SparkSession

url, user, password, table, out_dir = sys.argv[1:6]
spark = SparkSession.builder.appName("goe-smoke-pg-to-parquet").getOrCreate()
df = (
    spark.read.format("jdbc")
    .option("url", url)
    .option("dbtable", table)
    .option("user", user)
    .option("password", password)
    .option("driver", "org.postgresql.Driver")
    .option("partitionColumn", "id")
    .option("lowerBound", "1")
    .option("upperBound", "1000")
    .option("numPartitions", "2")
    .load()
)
df.write.mode("overwrite").parquet(out_dir)
print(f"GOE_ROWS_WRITTEN={df.count()}")
spark.stop()
