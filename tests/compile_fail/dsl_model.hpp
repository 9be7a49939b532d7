// The model shared by the DSL compile-fail cases.
#pragma once
#include <dynorm/dynorm.hpp>

#include <map>
#include <set>

struct Info {
    std::string plot;
    double rating = 0;
    std::vector<std::string> actors;
    std::set<std::string> genres;
};
struct Movie {
    int year = 0;
    std::string title;
    Info info;
    std::map<std::string, int> scores;
    bool released = false;
};
struct Other {
    int x = 0;
};
template <>
struct dynorm::schema<Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &Movie::year;
    static constexpr auto range_key = &Movie::title;
};
template <>
struct dynorm::schema<Other> {
    static constexpr std::string_view table = "Others";
    static constexpr auto hash_key = &Other::x;
};
struct Account {
    std::string username;
    std::string type;
    std::string notes;
};
template <>
struct dynorm::schema<Account> {
    static constexpr std::string_view table = "accounts";
    static constexpr auto hash_key = &Account::username;
    static constexpr auto indexes = std::tuple{
        dynorm::global_index<"by_type", &Account::type>{},
        dynorm::global_index<"by_type_keys", &Account::type, dynorm::no_range_key, dynorm::keys_only>{}};
};
using namespace dynorm::dsl;

// Each case defines check(movies) with a good line and, under DYNORM_COMPILE_FAIL, a bad one.
void check(const dynorm::table<Movie>& movies);
int main() {}
