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
    return back.id == "p1" && back.x == 1.5 && back.y == -2 ? 0 : 1;
}
