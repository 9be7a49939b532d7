#include <dynorm/dynorm.hpp>

#include <iostream>

struct Point {
    std::string id;
    double x = 0, y = 0;
};
template <>
struct dynorm::schema<Point> {
    static constexpr std::string_view table = "points";
    static constexpr auto hash_key = &Point::id;
};

int main() {
    const std::string json = dynorm::encode_item(Point{"p1", 1.5, -2});
    const Point back = dynorm::decode_item<Point>(json);
    std::cout << json << '\n';
    // a client, so that the configuration and the transport are linked too (nothing is sent)
    const dynorm::client db({.region = "eu-west-1", .endpoint = "http://127.0.0.1:9",
                             .credentials = dynorm::credentials{"AKID", "secret", ""}});
    std::cout << db.config().endpoint << '\n';
    return back.id == "p1" && back.x == 1.5 && back.y == -2 && db.config().region == "eu-west-1" ? 0 : 1;
}
