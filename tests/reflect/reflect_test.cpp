#include <dynorm/reflect.hpp>

#include <catch2/catch.hpp>

#include <string>

namespace reflect_test {

struct Address {
    std::string road;
    int zipcode = 0;
};
struct User {
    std::string username;
    int age = 0;
    Address address;
    std::string cache;
};

class Account {
    std::string id_;
    long balance_ = 0;

public:
    Account() = default;
    Account(std::string id, long balance) : id_(std::move(id)), balance_(balance) {}
    const std::string& id() const { return id_; }
    long balance() const { return balance_; }
    BOOST_DESCRIBE_CLASS(Account, (), (), (), (id_, balance_))
};

struct Base {
    int base_value = 0;
};
struct Derived : Base {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(Base, (), (base_value))
BOOST_DESCRIBE_STRUCT(Derived, (Base), (name))

} // namespace reflect_test

template <>
struct dynorm::schema<reflect_test::User> {
    static constexpr auto fields = dynorm::fields(dynorm::rename<&reflect_test::User::age>("years"),
                                                  dynorm::skip<&reflect_test::User::cache>);
};

using namespace reflect_test;

TEST_CASE("plain aggregates are reflected without macros", "[reflect]") {
    STATIC_REQUIRE(dynorm::member_count<User> == 4);
    STATIC_REQUIRE(dynorm::member_name<User, 0> == "username");
    STATIC_REQUIRE(dynorm::member_name<User, 2> == "address");
    STATIC_REQUIRE(dynorm::member_name<Address, 1> == "zipcode");
    STATIC_REQUIRE(dynorm::member_index<User, &User::age> == 1);
    STATIC_REQUIRE(dynorm::member_index<User, &User::cache> == 3);
    STATIC_REQUIRE(dynorm::member_pointer_name<&User::username> == "username");
    STATIC_REQUIRE(dynorm::member_pointer_name<&Address::zipcode> == "zipcode");

    User u{"jane", 25, {"1 Main St", 90001}, "x"};
    dynorm::get_member<1>(u) = 26;
    CHECK(u.age == 26);
    CHECK(dynorm::get_member<2>(u).zipcode == 90001);
}

TEST_CASE("a member pointer of another struct is not a member", "[reflect]") {
    STATIC_REQUIRE(dynorm::member_index<User, &Address::zipcode> == dynorm::member_count<User>);
    STATIC_REQUIRE(dynorm::member_index<Address, &User::age> == dynorm::member_count<Address>);
}

TEST_CASE("schema<T>::fields renames and skips members", "[reflect]") {
    STATIC_REQUIRE(dynorm::attribute_name<User, 0> == "username");
    STATIC_REQUIRE(dynorm::attribute_name<User, 1> == "years");
    STATIC_REQUIRE(dynorm::is_skipped<User, 3>);
    STATIC_REQUIRE_FALSE(dynorm::is_skipped<User, 2>);
    STATIC_REQUIRE(dynorm::attribute_name_of<User, &User::age> == "years");
}

TEST_CASE("classes with private members are reflected through Boost.Describe", "[reflect]") {
    STATIC_REQUIRE(dynorm::described_struct<Account>);
    STATIC_REQUIRE(dynorm::member_count<Account> == 2);
    STATIC_REQUIRE(dynorm::member_name<Account, 0> == "id_");
    STATIC_REQUIRE(dynorm::member_name<Account, 1> == "balance_");
    Account a("acc-1", 100);
    dynorm::get_member<1>(a) = 250;
    CHECK(a.balance() == 250);
    CHECK(dynorm::get_member<0>(std::as_const(a)) == "acc-1");
}

TEST_CASE("described structs include the members of described bases", "[reflect]") {
    STATIC_REQUIRE(dynorm::member_count<Derived> == 2);
    STATIC_REQUIRE(dynorm::member_name<Derived, 0> == "base_value");
    STATIC_REQUIRE(dynorm::member_name<Derived, 1> == "name");
    STATIC_REQUIRE(dynorm::member_index<Derived, &Derived::name> == 1);
    STATIC_REQUIRE(dynorm::member_index<Derived, &Base::base_value> == 0);
}
