// The Movies walkthrough (boto3 notes: seed 003) with the typed DSL: nested updates, an atomic
// counter, a conditional update with size(), removing a list element, a conditional delete; then
// it loads a data set of the shape of moviedata.json and queries one year with between on the
// title, with a projection. "year" is a DynamoDB reserved word: dynorm aliases every name.
//   movies [movies.json] [year]   (defaults: examples/data/movies.json, made by
//   scripts/generate_movies.py, and 1936; the full 4,609-movie moviedata.json works too, e.g. 1985)
#include <dynorm/dynorm.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

// Every member of info is missing from some movies of the data set: all optional.
struct Info {
    std::optional<std::vector<std::string>> directors;
    std::optional<std::string> release_date;
    std::optional<double> rating;
    std::optional<std::vector<std::string>> genres;
    std::optional<std::string> image_url;
    std::optional<std::string> plot;
    std::optional<int> rank;
    std::optional<int> running_time_secs;
    std::optional<std::vector<std::string>> actors;
};

struct Movie {
    int year = 0;      // partition key
    std::string title; // sort key
    Info info;
};

template <>
struct dynorm::schema<Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &Movie::year;
    static constexpr auto range_key = &Movie::title;
};

using namespace dynorm::dsl;

template <class T>
static std::string json_of(const T& v) {
    return dynorm::value::from(v).to_json();
}

int main(int argc, char** argv) try {
    const std::string data_path = argc > 1 ? argv[1] : "examples/data/movies.json";
    const int year = argc > 2 ? std::stoi(argv[2]) : 1936;
    dynorm::client db;
    const auto movies = db.table<Movie>();
    movies.create(dynorm::provisioned{10, 10});
    movies.wait_until_exists();
    const dynorm::primary_key<Movie> big_new{2015, "The Big New Movie"};
    constexpr auto rating = attr_<&Movie::info, &Info::rating>;
    constexpr auto actors = attr_<&Movie::info, &Info::actors>;

    std::cout << "# Create an item\n";
    movies.put({2015, "The Big New Movie", {.rating = 0, .plot = "Nothing happens at all."}});

    std::cout << "# Read an item\n";
    std::cout << json_of(*movies.get(big_new)) << '\n';

    std::cout << "# Update an item (ReturnValues=ALL_NEW)\n";
    auto updated = movies.update(big_new, set(rating, 5.5),
                                 set(attr_<&Movie::info, &Info::plot>, "Everything happens all at once."),
                                 set(actors, std::vector<std::string>{"Larry", "Moe", "Curly"}),
                                 {.returns = dynorm::return_values::all_new});
    std::cout << json_of(updated->info) << '\n';

    std::cout << "# Increment an atomic counter\n";
    updated = movies.update(big_new, set(rating, rating + 1), {.returns = dynorm::return_values::updated_new});
    std::cout << "rating: " << *updated->info.rating << '\n';

    std::cout << "# Update an item conditionally\n";
    for (const int actor_count : {3, 2}) {
        try {
            // ALL_NEW: for a nested path, servers differ in what UPDATED_NEW includes
            updated = movies.update(big_new, remove(actors[0]),
                                    {.condition = size(actors) > actor_count,
                                     .returns = dynorm::return_values::all_new});
            std::cout << "more than " << actor_count << " actors: removed the first, left "
                      << json_of(*updated->info.actors) << '\n';
        } catch (const dynorm::conditional_check_failed& e) {
            std::cout << "more than " << actor_count << " actors? " << e.message() << '\n';
        }
    }

    std::cout << "# Delete an item conditionally\n";
    for (const double max_rating : {5.0, 10.0}) {
        try {
            movies.remove(big_new, {.condition = rating <= max_rating});
            std::cout << "rating <= " << max_rating << ": deleted\n";
        } catch (const dynorm::conditional_check_failed& e) {
            std::cout << "rating <= " << max_rating << "? " << e.message() << '\n';
        }
    }
    std::cout << (movies.get(big_new) ? "still there" : "gone") << '\n';

    std::cout << "# Load " << data_path.substr(data_path.rfind('/') + 1) << "\n";
    std::ifstream file(data_path);
    if (!file) throw std::runtime_error("can't open " + data_path);
    std::stringstream text;
    text << file.rdbuf();
    std::size_t loaded = 0;
    for (const dynorm::value& entry : dynorm::value::from_json(text.str()).as_list()) {
        movies.put(entry.to<Movie>());
        ++loaded;
    }
    std::cout << loaded << " movies\n";

    std::cout << "# Query: movies of " << year << " with titles from A to L, projected\n";
    for (const Movie& m : movies.query(key_<&Movie::year> == year && between(key_<&Movie::title>, "A", "L"),
                                       {.projection = project(attr_<&Movie::year>, attr_<&Movie::title>,
                                                              attr_<&Movie::info, &Info::genres>, actors[0])}))
        std::cout << m.year << " " << m.title << ": " << json_of(m.info.genres.value_or(std::vector<std::string>{}))
                  << (m.info.actors ? ", starring " + m.info.actors->at(0) : std::string()) << '\n';

    std::cout << "# Scan: movies of " << year << " rated 8 or more\n";
    std::vector<std::string> titles; // scan order is the table's: sort for printing
    for (const Movie& m : movies.scan({.filter = attr_<&Movie::year> == year && rating >= 8.0,
                                       .projection = project<&Movie::title>()}))
        titles.push_back(m.title + (m.year == 0 ? "" : " (year not projected?)"));
    std::sort(titles.begin(), titles.end());
    for (const auto& title : titles) std::cout << title << '\n';
    std::cout << movies.count({.filter = attr_<&Movie::year> == year}) << " movies of " << year << " in all\n";

    movies.drop();
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
