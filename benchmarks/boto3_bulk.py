"""boto3's Table.batch_writer loading ITEMS items (the reference of benchmarks/bulk.cpp): prints items/s
and the CPU seconds the process spent on it.

    boto3_bulk.py ENDPOINT TABLE ITEMS
"""
import sys
import time

import boto3

endpoint, table_name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="dynormlocal", aws_secret_access_key="dynormlocal").Table(table_name)
# the items bulk.cpp writes, built before the clock starts as there
items = [{"username": "user%d" % i, "last_name": "Last%d" % (i % 997), "first_name": "First", "age": 18 + i % 60,
          "account_type": "standard_user" if i % 3 else "super_user",
          "address": {"road": "%d Jefferson Street" % i, "city": "Los Angeles", "state": "CA",
                      "zipcode": 90000 + i % 1000}} for i in range(count)]
start, cpu_start = time.monotonic(), time.process_time()
with table.batch_writer() as batch:
    for item in items:
        batch.put_item(Item=item)
elapsed, cpu = time.monotonic() - start, time.process_time() - cpu_start
print(count / elapsed, cpu)
