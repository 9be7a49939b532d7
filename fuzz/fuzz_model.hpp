#pragma once
// The item the fuzz targets decode into: the codec tests' model with a member of every supported
// kind, plus the coarse clocks, whose range is the text form's.
#include "codec/models.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace fuzz_model {
struct Rich {
    std::string id;
    std::optional<codec_models::Everything> everything;
    std::chrono::sys_seconds when_seconds;
    std::chrono::sys_days when_day;
    std::vector<std::chrono::system_clock::time_point> moments;
};
} // namespace fuzz_model

template <>
struct dynorm::schema<fuzz_model::Rich> {
    static constexpr std::string_view table = "rich";
    static constexpr auto hash_key = &fuzz_model::Rich::id;
    static constexpr bool missing_is_default = true;
};
