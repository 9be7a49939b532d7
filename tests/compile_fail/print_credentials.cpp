// Credentials can't be written to a stream by accident (a log line is where secrets leak).
#include <dynorm/dynorm.hpp>

#include <iostream>

int main() {
    const dynorm::resolved_credentials c;
#ifdef DYNORM_COMPILE_FAIL
    std::cout << c << '\n';
#else
    std::cout << c.source << '\n';
#endif
}
