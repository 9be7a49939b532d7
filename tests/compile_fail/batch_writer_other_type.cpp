#include "dsl_model.hpp"
// A batch writer puts items of its tables' types only (one table here; several tables alike).
void check(const dynorm::table<Movie>& movies) {
    auto batch = movies.batch_writer();
#ifdef DYNORM_COMPILE_FAIL
    batch.put(Other{3});
#else
    batch.put(Movie{2015, "Rush"});
#endif
}
