// Strong ids: a SampleId cannot be passed where a ResultId is meant.
#pragma once

#include <compare>
#include <cstdint>

namespace kj::lims {

template <class Tag>
struct Id {
  std::int64_t value = 0;
  auto operator<=>(const Id&) const = default;
};

using MarketId = Id<struct MarketTag>;
using StallId = Id<struct StallTag>;
using VendorId = Id<struct VendorTag>;
using TownshipId = Id<struct TownshipTag>;
using CategoryId = Id<struct CategoryTag>;
using CommodityId = Id<struct CommodityTag>;
using ItemId = Id<struct ItemTag>;
using DeviceId = Id<struct DeviceTag>;
using PlanId = Id<struct PlanTag>;
using TaskId = Id<struct TaskTag>;
using SampleId = Id<struct SampleTag>;
using BatchId = Id<struct BatchTag>;
using ResultId = Id<struct ResultTag>;

}  // namespace kj::lims
