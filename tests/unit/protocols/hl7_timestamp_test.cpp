// HL7 DTM ↔ ISO 8601, and MSH-7 time stamps from a given moment.
#include "protocols/hl7/timestamp.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kj::protocols::hl7 {
namespace {

TEST(Hl7Timestamp, DtmToIso) {
  EXPECT_EQ(dtm_to_iso8601("20240315102530"), "2024-03-15T10:25:30");
  EXPECT_EQ(dtm_to_iso8601("20240315102530+0800"), "2024-03-15T10:25:30+08:00");
  EXPECT_EQ(dtm_to_iso8601("202403151025-0530"), "2024-03-15T10:25:00-05:30");
  EXPECT_EQ(dtm_to_iso8601("2024031510"), "2024-03-15T10:00:00");
  EXPECT_EQ(dtm_to_iso8601("20240315102530.1234+0800"), "2024-03-15T10:25:30+08:00");
  EXPECT_EQ(dtm_to_iso8601("20240315"), "2024-03-15");
  EXPECT_EQ(dtm_to_iso8601("20240315+0800"), "2024-03-15");
  EXPECT_EQ(dtm_to_iso8601("202403"), "2024-03");
  EXPECT_EQ(dtm_to_iso8601("2024"), "2024");
  EXPECT_EQ(dtm_to_iso8601("20240229"), "2024-02-29");
}

TEST(Hl7Timestamp, MalformedDtmGivesNothing) {
  for (const std::string bad :
       {"", "202", "2024031", "20241315", "20230229", "20240315246000", "20240315106000", "20240315102560",
        "2024-03-15", "20240315102530+08", "20240315102530+0800x", "2024031510.5", "20240315102530.",
        "20240315102530.12345", "20240315102530+2500", "202403151025301"}) {
    EXPECT_FALSE(dtm_to_iso8601(bad).has_value()) << bad;
  }
}

TEST(Hl7Timestamp, IsoToDtm) {
  EXPECT_EQ(iso8601_to_dtm("2024-03-15T10:25:30"), "20240315102530");
  EXPECT_EQ(iso8601_to_dtm("2024-03-15T10:25:30+08:00"), "20240315102530+0800");
  EXPECT_EQ(iso8601_to_dtm("2024-03-15T10:25:30Z"), "20240315102530+0000");
  EXPECT_EQ(iso8601_to_dtm("2024-03-15T10:25:30.250-05:00"), "20240315102530-0500");
  EXPECT_EQ(iso8601_to_dtm("2024-03-15T10:25"), "202403151025");
  EXPECT_EQ(iso8601_to_dtm("2024-03-15"), "20240315");
  EXPECT_EQ(iso8601_to_dtm("2024-03"), "202403");
  for (const std::string bad :
       {"", "2024-3-15", "2024-03-15 10:25:30", "2024-03-15T10", "20240315", "2024-03-15T10:25:30+8"}) {
    EXPECT_FALSE(iso8601_to_dtm(bad).has_value()) << bad;
  }
}

TEST(Hl7Timestamp, RoundTrip) {
  for (const std::string iso :
       {"2024-03-15T10:25:30", "2024-03-15T10:25:30+08:00", "2024-03-15", "1999-12-31T23:59:59-11:30"}) {
    const auto dtm = iso8601_to_dtm(iso);
    ASSERT_TRUE(dtm.has_value()) << iso;
    EXPECT_EQ(dtm_to_iso8601(*dtm), iso);
  }
}

TEST(Hl7Timestamp, FormatsAMomentAtAnOffset) {
  using namespace std::chrono;
  const sys_seconds moment = sys_days{year{2024} / March / 15} + hours{2} + minutes{25} + seconds{30};
  EXPECT_EQ(format_dtm(moment, minutes{480}), "20240315102530+0800");
  EXPECT_EQ(format_dtm(moment, minutes{0}), "20240315022530+0000");
  EXPECT_EQ(format_dtm(moment, minutes{-330}), "20240314205530-0530");
}

}  // namespace
}  // namespace kj::protocols::hl7
