// dynorm/protocol/transaction_canceled.hpp on its own: a reason's item as a model and as a value.
#include <dynorm/protocol/transaction_canceled.hpp>

#include "model.hpp"

void use_transaction_canceled(const dynorm::transaction_canceled& e) {
    for (const dynorm::cancellation_reason& reason : e.reasons()) {
        (void)reason.item<header_use::User>();
        (void)reason.item<dynorm::value>();
    }
}
