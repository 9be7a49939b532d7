#pragma once
// The blocking engine: one curl_easy_perform per request on pooled easy handles, whose idle
// connections stay alive between requests. Safe to call from several threads at once (each
// call takes its own handle).

#include <dynorm/version.hpp>
#include <dynorm/wire/config.hpp>
#include <dynorm/wire/detail/curl_transfer.hpp>
#include <dynorm/wire/engine.hpp>
#include <dynorm/wire/http_client.hpp>

#include <curl/curl.h>

#include <mutex>
#include <vector>

namespace dynorm::inline DYNORM_ABI {

class curl_engine : public http_engine {
public:
    explicit curl_engine(const resolved_config& config)
        : settings_(config), max_idle_(config.max_idle_connections) {
        detail::global_curl_init();
    }
    curl_engine(const curl_engine&) = delete;
    curl_engine& operator=(const curl_engine&) = delete;

    http_response perform(const prepared_request& request) override {
        detail::curl_handle handle = acquire();
        detail::transfer t;
        t.bind(handle.get(), settings_, request);
        if (t.finish(handle.get(), curl_easy_perform(handle.get()), settings_)) release(std::move(handle));
        return std::move(t.response);
    }

private:
    detail::curl_handle acquire() {
        {
            std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                detail::curl_handle h = std::move(idle_.back());
                idle_.pop_back();
                return h;
            }
        }
        return settings_.new_handle();
    }
    void release(detail::curl_handle h) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle_) idle_.push_back(std::move(h));
    }

    detail::transfer_settings settings_;
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<detail::curl_handle> idle_; // idle handles keep their connections alive
};

} // namespace dynorm
