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
using namespace dynorm::dsl;

// Each case defines check(movies) with a good line and, under DYNORM_COMPILE_FAIL, a bad one.
void check(const dynorm::table<Movie>& movies);
int main() {}
