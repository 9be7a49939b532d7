# Records raw DynamoDB Local response bodies for the protocol reader tests.
import boto3, json, os, sys
out = sys.argv[1]
ep = os.environ["DYNORM_TEST_DYNAMODB_LOCAL"]
c = boto3.client("dynamodb", endpoint_url=ep, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
bodies = {}
def hook(response_dict, **kw):
    name = kw["event_name"].split(".")[-1]
    bodies.setdefault(name, []).append(response_dict["body"].decode())
c.meta.events.register("response-received.dynamodb.*", hook)
c.create_table(TableName="movies", KeySchema=[{"AttributeName":"year","KeyType":"HASH"},{"AttributeName":"title","KeyType":"RANGE"}],
  AttributeDefinitions=[{"AttributeName":"year","AttributeType":"N"},{"AttributeName":"title","AttributeType":"S"},{"AttributeName":"genre","AttributeType":"S"},{"AttributeName":"rating","AttributeType":"N"}],
  GlobalSecondaryIndexes=[{"IndexName":"by_genre","KeySchema":[{"AttributeName":"genre","KeyType":"HASH"},{"AttributeName":"rating","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"},"ProvisionedThroughput":{"ReadCapacityUnits":2,"WriteCapacityUnits":3}}],
  LocalSecondaryIndexes=[{"IndexName":"by_rating","KeySchema":[{"AttributeName":"year","KeyType":"HASH"},{"AttributeName":"rating","KeyType":"RANGE"}],"Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["genre"]}}],
  BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits":5,"WriteCapacityUnits":7})
c.describe_table(TableName="movies")
c.list_tables(Limit=1)
c.put_item(TableName="movies", Item={"year":{"N":"2015"},"title":{"S":"Rush"},"rating":{"N":"8.1"},"genre":{"S":"drama"},"version":{"N":"1"}})
c.put_item(TableName="movies", Item={"year":{"N":"2015"},"title":{"S":"Rush"},"rating":{"N":"8.2"},"genre":{"S":"drama"},"version":{"N":"2"}}, ReturnValues="ALL_OLD")
c.put_item(TableName="movies", Item={"year":{"N":"2015"},"title":{"S":"Spy"},"rating":{"N":"7"},"genre":{"S":"comedy"},"version":{"N":"1"}})
c.get_item(TableName="movies", Key={"year":{"N":"2015"},"title":{"S":"Rush"}})
c.get_item(TableName="movies", Key={"year":{"N":"2015"},"title":{"S":"Nope"}})
c.update_item(TableName="movies", Key={"year":{"N":"2015"},"title":{"S":"Rush"}}, UpdateExpression="SET rating = :r", ExpressionAttributeValues={":r":{"N":"9"}}, ReturnValues="UPDATED_NEW")
c.query(TableName="movies", KeyConditionExpression="#y = :y", ExpressionAttributeNames={"#y":"year"}, ExpressionAttributeValues={":y":{"N":"2015"}}, Limit=1, ReturnConsumedCapacity="TOTAL")
c.scan(TableName="movies", Select="COUNT")
c.batch_get_item(RequestItems={"movies":{"Keys":[{"year":{"N":"2015"},"title":{"S":"Rush"}},{"year":{"N":"2015"},"title":{"S":"Spy"}}]}})
c.batch_write_item(RequestItems={"movies":[{"PutRequest":{"Item":{"year":{"N":"1999"},"title":{"S":"Matrix"}}}}]})
c.transact_get_items(TransactItems=[{"Get":{"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}}}},{"Get":{"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Nope"}}}}])
c.transact_write_items(TransactItems=[{"ConditionCheck":{"TableName":"movies","Key":{"year":{"N":"2015"},"title":{"S":"Rush"}},"ConditionExpression":"attribute_exists(title)"}}])
c.delete_item(TableName="movies", Key={"year":{"N":"2015"},"title":{"S":"Spy"}}, ReturnValues="ALL_OLD")
c.delete_table(TableName="movies")
json.dump(bodies, open(out, "w"), indent=1, sort_keys=True)
print({k: len(v) for k, v in bodies.items()})
