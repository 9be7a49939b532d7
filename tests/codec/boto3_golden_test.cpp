// The wire format equals boto3's TypeSerializer for the same values (Debian's boto3).
#include "codec/models.hpp"
#include "support/python.hpp"

#include <catch2/catch.hpp>


namespace golden {
struct Address {
    std::string road, city, state;
    int zipcode = 0;
};
struct User {
    std::string username, first_name, last_name;
    int age = 0;
    std::string account_type;
    Address address;
    std::vector<std::string> tags;
    bool active = false;
    dynorm::number score;
    std::optional<std::string> nickname; // present as NULL below
    std::set<std::string> roles;
    std::set<std::int64_t> lucky;
    std::set<dynorm::binary> keys;
    dynorm::binary avatar;
    std::map<std::string, double> ratings;
    std::vector<std::optional<int>> sparse;
};
} // namespace golden

TEST_CASE("item JSON equals boto3's TypeSerializer output", "[codec][boto3]") {
    const std::string expected = dynorm_test::run_python(R"PY(
import base64, json
from decimal import Decimal
from boto3.dynamodb.types import TypeSerializer, Binary
item = {
    "username": "johndoe", "first_name": "John", "last_name": "Doe", "age": 25,
    "account_type": "standard_user",
    "address": {"road": "1 Jefferson Street", "city": "Los Angeles", "state": "CA", "zipcode": 90001},
    "tags": ["a", "é 漢字", ""], "active": True, "score": Decimal("-12345678901234567890.123456789"),
    "nickname": None, "roles": {"admin", "dev"}, "lucky": {7, -13},
    "keys": {Binary(b"\x00\x01"), Binary(b"\xff")}, "avatar": Binary(b"png\x00data"),
    "ratings": {"imdb": Decimal("8.3"), "rt": Decimal("0.1")}, "sparse": [1, None, 3],
}
def plain(v):
    if isinstance(v, dict): return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    if isinstance(v, (bytes, bytearray)): return base64.b64encode(v).decode()
    if isinstance(v, Binary): return base64.b64encode(v.value).decode()
    return v
s = TypeSerializer()
print(json.dumps({k: plain(s.serialize(v)) for k, v in item.items()}, ensure_ascii=False))
)PY");
    golden::User u;
    u.username = "johndoe";
    u.first_name = "John";
    u.last_name = "Doe";
    u.age = 25;
    u.account_type = "standard_user";
    u.address = {"1 Jefferson Street", "Los Angeles", "CA", 90001};
    u.tags = {"a", "é 漢字", ""};
    u.active = true;
    u.score = dynorm::number("-12345678901234567890.123456789");
    u.roles = {"admin", "dev"};
    u.lucky = {7, -13};
    u.keys = {dynorm::binary(std::string("\0\1", 2)), dynorm::binary("\xff")};
    u.avatar = dynorm::binary(std::string("png\0data", 8));
    u.ratings = {{"imdb", 8.3}, {"rt", 0.1}};
    u.sparse = {1, std::nullopt, 3};

    std::string ours = dynorm::encode_item(u);
    // boto3 writes None as NULL; dynorm writes an empty optional member as an absent attribute,
    // and as NULL where it can't be absent (inside a list). Add the member's NULL for comparison.
    ours.insert(ours.size() - 1, R"(,"nickname":{"NULL":true})");
    CHECK(dynorm::value::from_item_json(ours) == dynorm::value::from_item_json(expected));
}
