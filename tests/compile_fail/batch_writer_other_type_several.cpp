#include "dsl_model.hpp"
// A batch writer of several tables puts items of those tables' types only.
void check(const dynorm::table<Movie>& movies, const dynorm::table<Other>& others) {
    dynorm::batch_writer batch(movies, others);
#ifdef DYNORM_COMPILE_FAIL
    batch.put(Info{});
#else
    batch.put(Other{3});
#endif
}
