// dynorm::value: build, compare, serialize, plain JSON, conversion to and from typed structs.
#include "codec/models.hpp"

#include <catch2/catch.hpp>

using namespace codec_models;

TEST_CASE("values are built, inspected and compared", "[value]") {
    dynorm::value v;
    CHECK(v.is_null());
    v["name"] = "Jane";
    v["age"] = 25;
    v["tags"] = dynorm::value::string_set{"a", "b"};
    v["address"]["zip"] = dynorm::number("90001");
    CHECK(v.type() == dynorm::attribute_type::M);
    CHECK(v.find("name")->as_string() == "Jane");
    CHECK(v.find("age")->as_number().as<int>() == 25);
    CHECK(v.find("missing") == nullptr);
    CHECK_THROWS_WITH(v.find("name")->as_number(), "dynorm: expected N, got S");
    CHECK(dynorm::value(dynorm::number("1")) == dynorm::value(dynorm::number("1.00")));
    CHECK(dynorm::value(dynorm::value::number_set{dynorm::number("1"), dynorm::number("2")}) ==
          dynorm::value(dynorm::value::number_set{dynorm::number("2.0"), dynorm::number("1")}));
    CHECK_FALSE(dynorm::value("1") == dynorm::value(1));
}

TEST_CASE("values serialize to and parse from DynamoDB JSON", "[value]") {
    const std::string json =
        R"({"M":{"b":{"B":"AAE="},"bs":{"BS":["AQ=="]},"l":{"L":[{"NULL":true},{"BOOL":false}]},"n":{"N":"-1.5"},)"
        R"("ns":{"NS":["1","2"]},"s":{"S":"x"},"ss":{"SS":["p","q"]}}})";
    const dynorm::value v = dynorm::value::from_attribute_json(json);
    CHECK(v.to_attribute_json() == json);
    CHECK(v.find("b")->as_binary().bytes == std::string("\0\1", 2));
    CHECK(v.find("l")->as_list().at(0).is_null());
    CHECK_THROWS_WITH(dynorm::value::from_attribute_json(R"({"X":1})"), "dynorm: unknown attribute type 'X'");
}

TEST_CASE("plain JSON loads with numbers kept exact", "[value]") {
    const auto v = dynorm::value::from_json(
        R"([{"device_id":"10001","datacount":1,"info":{"temperature1":37.2,"big":123456789012345678901234567890,"t":true,"n":null}}])");
    const auto& device = v.as_list().at(0);
    CHECK(device.find("datacount")->as_number().text() == "1");
    CHECK(device.find("info")->find("temperature1")->as_number().text() == "37.2");
    CHECK(device.find("info")->find("big")->as_number().text() == "123456789012345678901234567890");
    CHECK(device.find("info")->find("n")->is_null());
    CHECK(v.to_json() ==
          R"([{"datacount":1,"device_id":"10001","info":{"big":123456789012345678901234567890,"n":null,"t":true,"temperature1":37.2}}])");
    CHECK(dynorm::value::from_json("42").as_number().text() == "42");
    // accessors on a temporary move the content out instead of dangling
    int sum = 0;
    for (const dynorm::value& element : dynorm::value::from_json("[1,2,3]").as_list())
        sum += element.as_number().as<int>();
    CHECK(sum == 6);
    CHECK(dynorm::value::from_json(R"("s")").as_string() == "s");
}

TEST_CASE("values convert to and from typed structs", "[value]") {
    const Everything e = sample();
    const dynorm::value v = dynorm::value::from(e);
    CHECK(v.find("i64")->as_number().text() == "-9223372036854775808");
    CHECK(v.find("color")->as_string() == "blue");
    CHECK(v.to<Everything>() == e);
    CHECK(dynorm::value::from(std::vector<int>{1, 2}).to<std::vector<int>>() == std::vector<int>{1, 2});
    dynorm::value wrong = v;
    wrong["i8"] = "text";
    CHECK_THROWS_WITH(wrong.to<Everything>(), "dynorm: expected N, got S at i8");
}
