// ORU^R01 builder: exact output, escaping, grouping by sample, verdict words, and a round trip
// through the `hl7` decoder giving the same observations back.
#include "protocols/hl7/oru_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/hl7/hl7_decoder.hpp"
#include "protocols/hl7/mllp.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols::hl7 {
namespace {

const OruHeader kHeader{"kuaijian", "YS-KJZ", "HUB", "CITY", "K0001", "20240315103000+0800", "P"};

Observation food_result() {
  Observation o;
  o.protocol = "dy3000";
  o.device = DeviceIdentity{"Dongyuan", "DY-3000", "SN1"};
  o.sample_id = "240315-001";
  o.sample_name = "小白菜";
  o.item_code = "OPC";
  o.item_name = "有机磷和氨基甲酸酯类";
  o.value = 53.5;
  o.unit = "%";
  o.flags = {"POS"};
  o.verdict = Verdict::positive;
  o.status = "F";
  o.measured_at = "2024-03-15T10:25:30+08:00";
  o.standard = "GB/T 5009.199-2003";
  return o;
}

std::vector<Observation> decode(const std::string& message) {
  auto decoder = make_hl7_decoder({});
  EXPECT_TRUE(decoder.ok());
  const auto events = kj::test::decode_all(**decoder, mllp_encode(message));
  EXPECT_TRUE(kj::test::errors(events).empty());
  return kj::test::observations(events);
}

TEST(Hl7OruBuilder, WritesTheExpectedMessage) {
  const std::vector<Observation> observations{food_result()};
  EXPECT_EQ(build_oru_r01(kHeader, observations),
            "MSH|^~\\&|kuaijian|YS-KJZ|HUB|CITY|20240315103000+0800||ORU^R01^ORU_R01|K0001|P|2.5||||||UNICODE UTF-8\r"
            "OBR|1||240315-001|OPC^有机磷和氨基甲酸酯类\r"
            "OBX|1|NM|OPC^有机磷和氨基甲酸酯类||53.5|%||POS|||F|||20240315102530+0800|||GB/T 5009.199-2003|SN1\r"
            "SPM|1|240315-001||^小白菜\r");
}

TEST(Hl7OruBuilder, ConsecutiveResultsOfOneSampleShareAnObr) {
  Observation a = food_result();
  Observation b = food_result();
  b.item_code = "PB";
  b.item_name = "铅";
  Observation c = food_result();
  c.sample_id = "240315-002";
  c.sample_name.reset();
  const std::vector<Observation> observations{a, b, c};
  const std::string message = build_oru_r01(kHeader, observations);
  std::vector<std::string> segments;
  for (std::size_t start = 0; start < message.size();) {
    const std::size_t end = message.find('\r', start);
    segments.push_back(message.substr(start, 3) +
                       (message.compare(start, 4, "OBX|") == 0 ? message.substr(start + 3, 2) : ""));
    start = end + 1;
  }
  EXPECT_EQ(segments, (std::vector<std::string>{"MSH", "OBR", "OBX|1", "OBX|2", "SPM", "OBR", "OBX|1"}));
}

TEST(Hl7OruBuilder, NumbersAreWrittenWithoutExponent) {
  Observation o = food_result();
  o.value = 0.00001;
  std::string message = build_oru_r01(kHeader, std::vector<Observation>{o});
  EXPECT_NE(message.find("||0.00001|%|"), std::string::npos) << message;
  o.value = 12e20;
  message = build_oru_r01(kHeader, std::vector<Observation>{o});
  EXPECT_NE(message.find("||1200000000000000000000|%|"), std::string::npos) << message;
}

TEST(Hl7OruBuilder, TextThatLooksLikeTheNullValueSurvives) {
  Observation o = food_result();
  o.value = std::string("\"\"");  // `""` on the wire would mean "no value"
  o.unit = "\"\"";
  const std::string message = build_oru_r01(kHeader, std::vector<Observation>{o});
  EXPECT_NE(message.find("|ST|"), std::string::npos);
  EXPECT_NE(message.find("||\\X22\\\"|\\X22\\\"|"), std::string::npos) << message;
  const auto back = decode(message);
  ASSERT_EQ(back.size(), 1U);
  EXPECT_EQ(back[0].value, ObservedValue(std::string("\"\"")));
  EXPECT_EQ(back[0].unit, "\"\"");
}

TEST(Hl7OruBuilder, VerdictNotSaidByAFlagIsAdded) {
  Observation o = food_result();
  o.flags = {"H"};
  o.verdict = Verdict::suspect;
  const auto back = decode(build_oru_r01(kHeader, std::vector<Observation>{o}));
  ASSERT_EQ(back.size(), 1U);
  EXPECT_EQ(back[0].flags, (std::vector<std::string>{"H", "可疑"}));
  EXPECT_EQ(back[0].verdict, Verdict::suspect);
}

TEST(Hl7OruBuilder, RoundTripThroughTheDecoder) {
  Observation a = food_result();
  a.sample_id = "S|1^x";
  a.sample_name = "白菜&叶";
  a.flags = {"H", "POS"};
  a.device->serial = "SN~1";
  Observation b = a;
  b.item_code = "PB";
  b.item_name = "铅";
  b.value = 0.25;
  b.unit = "mg/kg";
  b.flags.clear();
  b.verdict.reset();
  b.status = "P";
  b.measured_at = "2024-03-15T10:26:00";
  b.standard.reset();
  Observation c;
  c.sample_id = "B";
  c.item_code = "TXT";
  c.value = std::string("line1\nline2 | ^ ~ \\ & \\F\\");
  c.flags = {"NEG"};
  c.verdict = Verdict::negative;
  c.status = "C";
  c.measured_at = "2024-03-15";
  Observation d;
  d.item_code = "X";
  d.status = "F";
  const std::vector<Observation> sent{a, b, c, d};

  const auto back = decode(build_oru_r01(kHeader, sent));
  ASSERT_EQ(back.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    SCOPED_TRACE(i);
    Observation expected = sent[i];
    // What HL7 carries differently: the codec name, the device as MSH-3/MSH-4 + OBX-18.1, the block.
    expected.protocol = "hl7";
    expected.device = DeviceIdentity{"kuaijian", "YS-KJZ", sent[i].device ? sent[i].device->serial : ""};
    expected.raw = back[i].raw;
    expected.offset = 0;
    EXPECT_EQ(to_json(back[i]), to_json(expected));
  }
}

}  // namespace
}  // namespace kj::protocols::hl7
