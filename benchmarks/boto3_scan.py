"""boto3's Table.scan loop over a whole table (the reference of benchmarks/scan.cpp): prints items/s.

    boto3_scan.py ENDPOINT TABLE EXPECTED_ITEMS
"""
import sys
import time

import boto3

endpoint, table_name, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
table = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="dynormlocal", aws_secret_access_key="dynormlocal").Table(table_name)
start = time.monotonic()
seen, kwargs = 0, {}
while True:
    page = table.scan(**kwargs)
    seen += len(page["Items"])
    if "LastEvaluatedKey" not in page:
        break
    kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
elapsed = time.monotonic() - start
if seen != expected:
    sys.exit("boto3 saw %d items, expected %d" % (seen, expected))
print(seen / elapsed)
