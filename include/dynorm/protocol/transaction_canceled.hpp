#pragma once
// TransactionCanceledException: a transaction's error response carries one cancellation reason
// per action, in order, with the item as it was for actions that asked for it.

#include <dynorm/version.hpp>
#include <dynorm/codec/decode.hpp>
#include <dynorm/error.hpp>
#include <dynorm/codec/value.hpp>

#include <concepts>
#include <string>
#include <utility>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

// One entry of TransactionCanceledException's CancellationReasons, in action order.
struct cancellation_reason {
    std::string code; // "None" for actions that did not cause the cancellation
    std::string message;
    // The item as it was when its condition failed (DynamoDB JSON), if the action asked for it
    // (return_item_on_failure in dynorm/transaction.hpp); empty otherwise.
    std::string item_json;

    bool has_item() const noexcept { return !item_json.empty(); }
    // The item as T (a model, or dynorm::value).
    template <class T>
    T item() const {
        if (item_json.empty())
            throw error("dynorm: this cancellation reason has no item (ask for it with return_item_on_failure)");
        if constexpr (std::same_as<T, value>) return value::from_item_json(item_json);
        else return decode_item<T>(item_json);
    }
};

class transaction_canceled : public service_error {
public:
    transaction_canceled(std::string code, std::string message, int http_status,
                         std::string request_id, std::vector<cancellation_reason> reasons = {})
        : service_error(std::move(code), std::move(message), http_status, std::move(request_id)),
          reasons_(std::move(reasons)) {}
    const std::vector<cancellation_reason>& reasons() const noexcept { return reasons_; }

private:
    std::vector<cancellation_reason> reasons_;
};

} // namespace dynorm
