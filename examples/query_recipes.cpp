// The query recipes of the boto3 cheat sheet (seed 002) with dynorm: table info, a query on a
// global secondary index with Limit=2 and the LastEvaluatedKey loop, and the same with boto3's
// PaginationConfig (MaxItems, PageSize, StartingToken), here max_items, page_size and tokens.
#include <dynorm/dynorm.hpp>

#include <iostream>

struct Connector {
    std::string pk;                // partition key
    std::string sk;                // sort key
    std::string internal_brain_id; // the index's partition key
    std::string operating_state;
};

template <>
struct dynorm::schema<Connector> {
    static constexpr std::string_view table = "connectors";
    static constexpr auto hash_key = &Connector::pk;
    static constexpr auto range_key = &Connector::sk;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"internal_brain_id_gsi", &Connector::internal_brain_id, &Connector::pk>{{1, 1}}};
};

using namespace dynorm::dsl;

int main() try {
    dynorm::client db;
    const auto connectors = db.table<Connector>();
    connectors.create(dynorm::provisioned{5, 5});
    connectors.wait_until_exists();
    for (int i = 1; i <= 5; ++i)
        connectors.put({"sid_0" + std::to_string(i), "connector", "saas-manual-testing", i % 2 ? "active" : "paused"});
    connectors.put({"sid_09", "connector", "other-brain", "active"});

    std::cout << "# Table info\n";
    const auto info = connectors.describe();
    std::cout << "item_count: " << info.item_count << '\n';
    for (const auto& k : info.key_schema) std::cout << "key: " << k.attribute_name << " " << k.key_type << '\n';
    for (const auto& a : info.attribute_definitions)
        std::cout << "attribute: " << a.attribute_name << " " << a.attribute_type << '\n';
    for (const auto& gsi : info.global_secondary_indexes)
        std::cout << "global index: " << gsi.index_name << " (" << gsi.projection_type << ")\n";

    const auto gsi = connectors.index<"internal_brain_id_gsi">();
    const auto brain = key_<&Connector::internal_brain_id> == "saas-manual-testing";

    std::cout << "# Query the index with Limit=2, following LastEvaluatedKey by hand\n";
    std::optional<dynorm::value> start;
    do {
        for (const auto& page : gsi.query(brain, {.limit = 2, .start = start}).pages()) {
            for (const Connector& c : page.items) std::cout << c.pk << " " << c.operating_state << '\n';
            std::cout << "LastEvaluatedKey: "
                      << (page.last_evaluated_key ? page.last_evaluated_key->to_json() : "(none)") << '\n';
            start = page.last_evaluated_key;
            break; // one request per loop turn, like the boto3 recipe
        }
    } while (start);

    std::cout << "# The same with max_items=2, page_size=2 and starting tokens\n";
    std::string token;
    do {
        auto items = gsi.query(brain, {.page_size = 2, .max_items = 2, .starting_token = token});
        for (const Connector& c : items) std::cout << c.pk << '\n';
        token = items.next_token();
        std::cout << (token.empty() ? "no NextToken" : "NextToken: (opaque)") << '\n';
    } while (!token.empty());

    connectors.drop();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
