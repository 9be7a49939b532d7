// The boto3 DynamoDB guide (create a table, put/get/update/delete an item, ...) with dynorm.
// Run it against any endpoint: AWS_ENDPOINT_URL_DYNAMODB=http://localhost:8000 plus credentials
// and region in the environment, or scripts/demo, which starts a DynamoDB Local for it.
#include <dynorm/dynorm.hpp>

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

static void print(const std::optional<User>& user) {
    std::cout << (user ? dynorm::value::from(*user).to_json() : "(no item)") << '\n';
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
    users.update({"janedoe", "Doe"}, "SET age = :val1", {.values = {{":val1", 26}}});
    print(users.get("janedoe", "Doe"));

    std::cout << "# Deleting an item\n";
    users.remove({"janedoe", "Doe"});
    print(users.get("janedoe", "Doe"));

    std::cout << "# Deleting the table\n";
    users.drop();
    users.wait_until_not_exists();
    std::cout << "table users deleted\n";
    return 0;
} catch (const dynorm::error& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
