// The Movies walkthrough (boto3 notes: seed 003): nested updates, an atomic counter, a
// conditional update with size(), removing a list element, a conditional delete.
#include <dynorm/dynorm.hpp>

#include <iostream>

struct Info {
    std::string plot;
    double rating = 0;
    std::vector<std::string> actors;
};

struct Movie {
    int year = 0;      // partition key ("year" is a DynamoDB reserved word)
    std::string title; // sort key
    Info info;
};

template <>
struct dynorm::schema<Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &Movie::year;
    static constexpr auto range_key = &Movie::title;
};

template <class T>
static std::string json_of(const T& v) {
    return dynorm::value::from(v).to_json();
}

int main() try {
    dynorm::client db;
    const auto movies = db.table<Movie>();
    movies.create(dynorm::provisioned{10, 10});
    movies.wait_until_exists();

    std::cout << "# Create an item\n";
    movies.put({2015, "The Big New Movie", {"Nothing happens at all.", 0, {}}});

    std::cout << "# Read an item\n";
    std::cout << json_of(*movies.get(2015, "The Big New Movie")) << '\n';

    std::cout << "# Update an item (ReturnValues=UPDATED_NEW)\n";
    auto updated = movies.update({2015, "The Big New Movie"},
                                 "set info.rating=:r, info.plot=:p, info.actors=:a",
                                 {.values = {{":r", 5.5},
                                             {":p", "Everything happens all at once."},
                                             {":a", dynorm::value::from(std::vector<std::string>{"Larry", "Moe", "Curly"})}},
                                  .returns = dynorm::return_values::updated_new});
    std::cout << json_of(updated->info) << '\n';

    std::cout << "# Increment an atomic counter\n";
    updated = movies.update({2015, "The Big New Movie"}, "set info.rating = info.rating + :val",
                            {.values = {{":val", 1}}, .returns = dynorm::return_values::updated_new});
    std::cout << "rating: " << updated->info.rating << '\n';

    std::cout << "# Update an item conditionally\n";
    for (const int actor_count : {3, 2}) {
        try {
            // ALL_NEW: for a nested path, servers differ in what UPDATED_NEW includes
            updated = movies.update({2015, "The Big New Movie"}, "remove info.actors[0]",
                                    {.condition = "size(info.actors) > :num",
                                     .values = {{":num", actor_count}},
                                     .returns = dynorm::return_values::all_new});
            std::cout << "more than " << actor_count << " actors: removed the first, left "
                      << json_of(updated->info.actors) << '\n';
        } catch (const dynorm::conditional_check_failed& e) {
            std::cout << "more than " << actor_count << " actors? " << e.message() << '\n';
        }
    }

    std::cout << "# Delete an item conditionally\n";
    for (const double max_rating : {5.0, 10.0}) {
        try {
            movies.remove({2015, "The Big New Movie"},
                          {.condition = "info.rating <= :val", .values = {{":val", max_rating}}});
            std::cout << "rating <= " << max_rating << ": deleted\n";
        } catch (const dynorm::conditional_check_failed& e) {
            std::cout << "rating <= " << max_rating << "? " << e.message() << '\n';
        }
    }
    std::cout << (movies.get(2015, "The Big New Movie") ? "still there" : "gone") << '\n';

    movies.drop();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
