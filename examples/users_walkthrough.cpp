// The boto3 DynamoDB guide, step by step, with dynorm: create a table, put, get, update and delete
// an item, write several users, query and scan with conditions, delete the table.
// Run it against any endpoint: AWS_ENDPOINT_URL_DYNAMODB=http://localhost:8000 plus credentials
// and region in the environment, or scripts/demo, which starts a DynamoDB Local for it.
#include <dynorm/dynorm.hpp>

#include <algorithm>
#include <iostream>

struct Address {
    std::string road, city, state;
    int zipcode = 0;
};

struct User {
    std::string username;  // hash key
    std::string last_name; // range key
    std::string first_name;
    int age = 0;
    std::string account_type;
    std::optional<Address> address; // absent attribute when empty
};

template <>
struct dynorm::schema<User> {
    static constexpr std::string_view table = "users";
    static constexpr auto hash_key = &User::username;
    static constexpr auto range_key = &User::last_name;
};

using namespace dynorm::dsl;

static void print(const std::optional<User>& user) {
    std::cout << (user ? dynorm::value::from(*user).to_json() : "(no item)") << '\n';
}

// Scan order is the table's, not the guide's: print by username.
static void print_all(dynorm::item_range<User> users) {
    std::vector<User> all = users.to_vector();
    std::sort(all.begin(), all.end(), [](const User& a, const User& b) { return a.username < b.username; });
    for (const User& u : all) print(u);
}

int main() try {
    dynorm::client db; // region, credentials and endpoint from the environment
    const auto users = db.table<User>();

    std::cout << "# Creating a new table\n";
    users.create(dynorm::provisioned{5, 5}); // KeySchema and AttributeDefinitions from schema<User>
    users.wait_until_exists();
    std::cout << users.describe().item_count << '\n';

    std::cout << "# Using an existing table\n";
    const auto created = users.describe().creation_date_time;
    std::cout << "created " << std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now() - created).count() / 60
              << " minutes ago\n";

    std::cout << "# Creating a new item\n";
    users.put({.username = "janedoe", .last_name = "Doe", .first_name = "Jane", .age = 25,
               .account_type = "standard_user"});

    std::cout << "# Getting an item\n";
    print(users.get("janedoe", "Doe"));

    std::cout << "# Updating an item\n";
    users.update({"janedoe", "Doe"}, set(attr_<&User::age>, 26)); // SET #u0 = :u0
    print(users.get("janedoe", "Doe"));

    std::cout << "# Deleting an item\n";
    users.remove({"janedoe", "Doe"});
    print(users.get("janedoe", "Doe"));

    std::cout << "# Batch writing\n";
    {
        auto batch = users.batch_writer(); // 25 requests per BatchWriteItem, unprocessed ones resent
        batch.put({"johndoe", "Doe", "John", 25, "standard_user", Address{"1 Jefferson Street", "Los Angeles", "CA", 90001}});
        batch.put({"janedoering", "Doering", "Jane", 40, "super_user", Address{"2 Washington Avenue", "Seattle", "WA", 98109}});
        batch.put({"bobsmith", "Smith", "Bob", 18, "standard_user", Address{"3 Madison Lane", "Louisville", "KY", 40213}});
        batch.put({"alicedoe", "Doe", "Alice", 27, "super_user", Address{"1 Jefferson Street", "Los Angeles", "CA", 90001}});
    } // scope exit flushes
    std::cout << users.count() << " users\n";

    std::cout << "# Querying: username == johndoe\n";
    for (const User& u : users.query(key_<&User::username> == "johndoe")) print(u);

    std::cout << "# Scanning: age < 27\n";
    print_all(users.scan({.filter = attr_<&User::age> < 27}));

    std::cout << "# Scanning: first_name begins with J and account_type == super_user\n";
    print_all(users.scan({.filter = begins_with(attr_<&User::first_name>, "J") &&
                                    attr_<&User::account_type> == "super_user"}));

    std::cout << "# Scanning: address.state == CA\n";
    print_all(users.scan({.filter = attr_<&User::address, &Address::state> == "CA"}));

    std::cout << "# Deleting the table\n";
    users.drop();
    users.wait_until_not_exists();
    std::cout << "table users deleted\n";
    return 0;
} catch (const dynorm::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
