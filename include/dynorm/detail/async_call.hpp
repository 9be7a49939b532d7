#pragma once
// An asynchronous call written once for every action: the request body a protocol builder made,
// sent with transport::send_async, and the response read by the same protocol reader as the
// sync call's, on the loop thread, into the operation's result.

#include <dynorm/version.hpp>
#include <dynorm/operation.hpp>
#include <dynorm/wire/transport.hpp>

#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace dynorm::inline DYNORM_ABI::detail {

// `read(std::string& response_body)` makes the result R (nothing, for void).
template <class R, class Read>
operation<R> start_async(transport& wire, std::string_view action, std::string body, Read read) {
    auto [op, state] = operation<R>::make();
    // The state and the send hold each other until the send ends: each end breaks the cycle.
    const transport::async_handle handle = wire.send_async(
        action, std::move(body),
        [state = state, read = std::move(read)](http_response* r, std::exception_ptr e) mutable {
            if (e) return state->fail(std::move(e));
            try {
                if constexpr (std::is_void_v<R>) {
                    read(r->body);
                    state->succeed({});
                } else {
                    state->succeed(read(r->body));
                }
            } catch (...) {
                state->fail(std::current_exception());
            }
        });
    state->set_canceller([handle] { handle.cancel(); });
    return std::move(op);
}

} // namespace dynorm::detail
