#pragma once
// Provisioned throughput, as CreateTable takes it and DescribeTable reports it, and on-demand
// billing.

#include <dynorm/version.hpp>

namespace dynorm::inline DYNORM_ABI {

struct provisioned {
    long long read_capacity_units = 5;
    long long write_capacity_units = 5;
};
struct on_demand_billing {};
inline constexpr on_demand_billing on_demand{};

} // namespace dynorm
