// Only the one header: what any TU that includes dynorm pays before using it.
#include <dynorm/dynorm.hpp>

int main() { return 0; }
