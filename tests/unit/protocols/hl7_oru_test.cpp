// ORU^R01 → observations: sample ids per order group, value types, units, flags, verdicts,
// times, standard, device, and text in UTF-8, GBK and Latin-1 (and invalid text).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/hl7/message.hpp"
#include "protocols/hl7/oru_reader.hpp"
#include "protocols/text/gbk.hpp"

namespace kj::protocols::hl7 {
namespace {

const std::string kMsh = "MSH|^~\\&|DY-3000|YS-KJZ|kuaijian||20240315103000||ORU^R01^ORU_R01|1|P|2.5\r";

// A segment with the given fields (1-based) set and the others empty, so tests need not count `|`.
std::string seg(const std::string& name, const std::map<int, std::string>& fields) {
  std::string out = name;
  const int last = fields.empty() ? 0 : fields.rbegin()->first;
  for (int i = 1; i <= last; ++i) {
    out += '|';
    if (const auto it = fields.find(i); it != fields.end()) out += it->second;
  }
  return out + "\r";
}

struct ReadResult {
  std::vector<Observation> observations;
  Status status;
};

ReadResult read(const std::string& text) {
  Message message;
  EXPECT_TRUE(message.parse(text));
  ReadResult result;
  const std::vector<std::uint8_t> raw(text.begin(), text.end());
  result.status = read_observations(message, raw, 7, result.observations);
  return result;
}

std::vector<Observation> observations_of(const std::string& text) {
  auto result = read(text);
  EXPECT_TRUE(result.status) << (result.status ? "" : result.status.error().detail.en);
  return result.observations;
}

TEST(Hl7Oru, SampleIdComesFromTheOrderGroup) {
  const std::string text =
      kMsh + seg("OBX", {{1, "1"}, {2, "NM"}, {3, "PRE"}, {5, "0"}}) +
      seg("OBR", {{1, "1"}, {2, "P1"}, {3, "F1^LAB^1.2.3^ISO"}}) +
      seg("OBX", {{1, "1"}, {2, "NM"}, {3, "A"}, {5, "1"}}) + seg("OBX", {{1, "2"}, {2, "NM"}, {3, "B"}, {5, "2"}}) +
      seg("OBR", {{1, "2"}, {2, "P2^LAB"}}) + seg("OBX", {{1, "1"}, {2, "NM"}, {3, "C"}, {5, "3"}}) +
      seg("OBR", {{1, "3"}}) + seg("OBX", {{1, "1"}, {2, "NM"}, {3, "D"}, {5, "4"}}) +
      seg("SPM", {{1, "1"}, {2, "S3&LAB^S3F&LAB"}, {4, "CAB^Cabbage"}}) + seg("OBR", {{1, "4"}}) +
      seg("OBX", {{1, "1"}, {2, "NM"}, {3, "E"}, {5, "5"}}) + seg("SPM", {{1, "1"}, {2, "^FILL4"}, {4, "CARROT"}}) +
      seg("OBR", {{1, "5"}}) + seg("OBX", {{1, "1"}, {2, "NM"}, {3, "F"}, {5, "6"}});
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), 7U);
  const std::vector<std::optional<std::string>> ids{std::nullopt, "F1", "F1", "P2", "S3", "FILL4", std::nullopt};
  const std::vector<std::optional<std::string>> names{std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                                                      "Cabbage",    "CARROT",     std::nullopt};
  for (std::size_t i = 0; i < obs.size(); ++i) {
    SCOPED_TRACE(obs[i].item_code);
    EXPECT_EQ(obs[i].sample_id, ids[i]);
    EXPECT_EQ(obs[i].sample_name, names[i]);
    EXPECT_EQ(obs[i].protocol, "hl7");
    EXPECT_EQ(obs[i].offset, 7U);
    EXPECT_EQ(obs[i].raw.size(), text.size());
  }
  EXPECT_EQ(obs[1].item_code, "A");
  EXPECT_EQ(obs[2].value, ObservedValue(2.0));
}

TEST(Hl7Oru, ValuesFollowTheValueType) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"NM", "+053.50"},     {"NM", "<0.01"},
      {"SN", "^12.5"},       {"SN", ">^100"},
      {"SN", "^1^:^128"},    {"CWE", "NEG^阴性^L"},
      {"CE", "POS"},         {"ST", "a\\S\\b\\T\\c"},
      {"TX", "line1~line2"}, {"FT", "p1\\.br\\p2"},
      {"", "7.25"},          {"", "abc"},
      {"NM", "\"\""},        {"NM", ""},
      {"DT", "20240315"},    {"NM", " -3 "},
      {"NM", "1e5"},         {"NM", ".5"},
      {"CWE", "^^L"},        {"ST", "x^y"},
      {"NM", "inf"},         {"NM", "1.2.3"},
      {"CWE", "A~B"},        {"NM", "-"},
  };
  const std::vector<ObservedValue> expected{
      53.5,
      std::string("<0.01"),
      12.5,
      std::string(">100"),
      std::string("1:128"),
      std::string("阴性"),
      std::string("POS"),
      std::string("a^b&c"),
      std::string("line1\nline2"),
      std::string("p1\np2"),
      7.25,
      std::string("abc"),
      std::monostate{},
      std::monostate{},
      std::string("20240315"),
      -3.0,
      std::string("1e5"),
      0.5,
      std::monostate{},
      std::string("x^y"),
      std::string("inf"),
      std::string("1.2.3"),
      std::string("A"),
      std::string("-"),
  };
  std::string text = kMsh + seg("OBR", {{1, "1"}, {3, "S"}});
  for (std::size_t i = 0; i < cases.size(); ++i) {
    text += seg("OBX",
                {{1, std::to_string(i + 1)}, {2, cases[i].first}, {3, "I" + std::to_string(i)}, {5, cases[i].second}});
  }
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), cases.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    SCOPED_TRACE(cases[i].first + " " + cases[i].second);
    EXPECT_EQ(obs[i].value, expected[i]);
  }
}

TEST(Hl7Oru, FoodTestingResultFields) {
  const std::string text =
      kMsh + seg("OBR", {{1, "1"}, {3, "240315-001"}, {7, "20240315102000"}}) +
      seg("OBX", {{1, "1"},
                  {2, "NM"},
                  {3, "OPC^有机磷和氨基甲酸酯类^L"},
                  {5, "53.5"},
                  {6, "%^percent^UCUM"},
                  {7, "0-50"},
                  {8, "H~POS"},
                  {11, "F"},
                  {14, "20240315102530+0800"},
                  {17, "GB/T 5009.199-2003"},
                  {18, "DY3000-0427^FACTORY"}}) +
      seg("OBX", {{1, "2"}, {2, "NM"}, {3, "AFB1^黄曲霉毒素B1"}, {5, "1.8"}, {6, "µg/kg"}, {11, "C"}}) +
      seg("OBX", {{1, "3"}, {2, "NM"}, {3, "X"}, {5, "1"}, {14, "2024-03-15"}}) +
      seg("OBX", {{1, "4"}, {2, "NM"}, {3, "^OnlyName"}, {5, "1"}, {17, "M7^GB 2763-2021^L"}});
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), 4U);
  const auto& o = obs[0];
  EXPECT_EQ(o.sample_id, "240315-001");
  EXPECT_EQ(o.item_code, "OPC");
  EXPECT_EQ(o.item_name, "有机磷和氨基甲酸酯类");
  EXPECT_EQ(o.value, ObservedValue(53.5));
  EXPECT_EQ(o.unit, "%");
  EXPECT_EQ(o.flags, (std::vector<std::string>{"H", "POS"}));
  EXPECT_EQ(o.verdict, Verdict::positive);
  EXPECT_EQ(o.status, "F");
  EXPECT_EQ(o.measured_at, "2024-03-15T10:25:30+08:00");
  EXPECT_EQ(o.standard, "GB/T 5009.199-2003");
  ASSERT_TRUE(o.device.has_value());
  EXPECT_EQ(o.device->maker, "DY-3000");
  EXPECT_EQ(o.device->model, "YS-KJZ");
  EXPECT_EQ(o.device->serial, "DY3000-0427");

  EXPECT_EQ(obs[1].item_name, "黄曲霉毒素B1");
  EXPECT_EQ(obs[1].unit, "µg/kg");
  EXPECT_EQ(obs[1].status, "C");
  EXPECT_TRUE(obs[1].flags.empty());
  EXPECT_FALSE(obs[1].verdict.has_value());
  EXPECT_EQ(obs[1].measured_at, "2024-03-15T10:20:00");  // OBR-7
  EXPECT_FALSE(obs[1].standard.has_value());
  EXPECT_EQ(obs[1].device->serial, "");
  EXPECT_FALSE(obs[2].measured_at.has_value());  // malformed OBX-14 is not replaced by OBR-7
  EXPECT_EQ(obs[3].item_code, "OnlyName");
  EXPECT_EQ(obs[3].item_name, "OnlyName");
  EXPECT_EQ(obs[3].standard, "GB 2763-2021");
}

TEST(Hl7Oru, NoDeviceWhenNothingNamesIt) {
  const std::string text = "MSH|^~\\&|||||20240315||ORU^R01|1|P|2.5\r" +
                           seg("OBX", {{1, "1"}, {2, "NM"}, {3, "A"}, {5, "1"}}) +
                           seg("OBX", {{1, "2"}, {2, "NM"}, {3, "B"}, {5, "1"}, {18, "SN-9"}});
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_FALSE(obs[0].device.has_value());
  ASSERT_TRUE(obs[1].device.has_value());
  EXPECT_EQ(obs[1].device->serial, "SN-9");
  EXPECT_EQ(obs[1].device->maker, "");
}

TEST(Hl7Oru, VerdictComesOnlyFromClearFlags) {
  const std::vector<std::pair<std::string, std::optional<Verdict>>> cases{
      {"N", std::nullopt},          {"H", std::nullopt},           {"POS", Verdict::positive},
      {"neg", Verdict::negative},   {"H~阳性", Verdict::positive}, {"阴性", Verdict::negative},
      {"超标", Verdict::positive},  {"合格", Verdict::negative},   {"不合格", Verdict::positive},
      {"可疑", Verdict::suspect},   {"无效", Verdict::invalid},    {"POS^Positive^HL70078", Verdict::positive},
      {"A~NEG", Verdict::negative}, {"ND", Verdict::negative},     {"DET", Verdict::positive},
  };
  std::string text = kMsh;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    text += seg("OBX", {{1, std::to_string(i + 1)}, {2, "NM"}, {3, "X"}, {5, "1"}, {8, cases[i].first}});
  }
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), cases.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    SCOPED_TRACE(cases[i].first);
    EXPECT_EQ(obs[i].verdict, cases[i].second);
  }
  EXPECT_EQ(obs[11].flags, (std::vector<std::string>{"POS"}));
  EXPECT_EQ(obs[12].flags, (std::vector<std::string>{"A", "NEG"}));
  EXPECT_FALSE(verdict_from_flag("").has_value());
  EXPECT_FALSE(verdict_from_flag("POSS").has_value());
}

TEST(Hl7Oru, NonDefaultDelimitersAndEscapes) {
  const std::string text =
      "MSH#$*%!#App#Fac#####ORU$R01#7###2.5\r"
      "OBR#1##S%F%1\r"
      "OBX#1#NM#GLU$Glu%T%cose##5.6#mmol%X2F%L##H*POS###F\r";
  const auto obs = observations_of(text);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_id, "S#1");
  EXPECT_EQ(obs[0].item_name, "Glu!cose");
  EXPECT_EQ(obs[0].unit, "mmol/L");
  EXPECT_EQ(obs[0].flags, (std::vector<std::string>{"H", "POS"}));
  EXPECT_EQ(obs[0].status, "F");
}

TEST(Hl7Oru, GbkMessageIsConvertedToUtf8) {
  const std::string utf8 = "MSH|^~\\&|快检仪|TL-310|||20240316||ORU^R01|1|P|2.5||||||GB 18030-2000\r" +
                           seg("OBR", {{1, "1"}, {3, "240316-007"}}) +
                           seg("OBX", {{1, "1"}, {2, "ST"}, {3, "HCHO^甲醛"}, {5, "阴性"}, {6, "mg/kg"}}) +
                           seg("SPM", {{1, "1"}, {4, "^水发鱿鱼"}});
  const auto gbk = utf8_to_gbk(utf8);
  ASSERT_TRUE(gbk.has_value());
  ASSERT_NE(*gbk, utf8);
  const auto obs = observations_of(*gbk);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].item_name, "甲醛");
  EXPECT_EQ(obs[0].value, ObservedValue(std::string("阴性")));
  EXPECT_EQ(obs[0].sample_name, "水发鱿鱼");
  EXPECT_EQ(obs[0].device->maker, "快检仪");
  EXPECT_EQ(obs[0].raw, std::vector<std::uint8_t>(gbk->begin(), gbk->end()));  // raw stays as sent
}

TEST(Hl7Oru, GbkTrailBytesThatLookLikeDelimitersDoNotSplitValues) {
  // In GBK 亅 is 81 7C (`|`), 昞 95 5C (`\`), 廭 8F 5E (`^`), 垀 88 7E (`~`).
  const std::string utf8 = "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||GBK\r" +
                           seg("OBX", {{1, "1"}, {2, "ST"}, {3, "X^亅昞廭垀"}, {5, "亅"}, {6, "mg/kg"}});
  const auto gbk = utf8_to_gbk(utf8);
  ASSERT_TRUE(gbk.has_value());
  ASSERT_NE(gbk->find("\x81|"), std::string::npos);
  const auto obs = observations_of(*gbk);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].item_name, "亅昞廭垀");
  EXPECT_EQ(obs[0].value, ObservedValue(std::string("亅")));
  EXPECT_EQ(obs[0].unit, "mg/kg");
}

TEST(Hl7Oru, HexEscapesCarryBytesOfTheMessageCharacterSet) {
  // 甲醛 in GBK is BC D7 C8 A9; in UTF-8 E7 94 B2 E9 86 9B.
  const std::string gbk = "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||GBK\rOBX|1|ST|X^\\XBCD7C8A9\\||1\r";
  EXPECT_EQ(observations_of(gbk).at(0).item_name, "甲醛");
  const std::string utf8 = "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rOBX|1|ST|X^\\XE794B2E9869B\\||1\r";
  EXPECT_EQ(observations_of(utf8).at(0).item_name, "甲醛");
}

TEST(Hl7Oru, Latin1MessageIsConvertedToUtf8) {
  const std::string text = "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||8859/1\rOBX|1|NM|X||1|\xB5g/kg\r";
  EXPECT_EQ(observations_of(text).at(0).unit, "µg/kg");
}

TEST(Hl7Oru, TextInvalidInTheCharacterSetFailsTheWholeMessage) {
  const std::vector<std::string> bad{
      "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||GBK\rOBX|1|NM|A||1\rOBX|2|ST|B||\x81\x20x\r",
      "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rOBX|1|NM|A||1\rOBX|2|NM|B||1|\xB5g/kg\r",
      "MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rOBX|1|ST|A||\\XC0AF\\\r",  // overlong UTF-8 via hex
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text);
    const auto result = read(text);
    ASSERT_FALSE(result.status);
    EXPECT_EQ(result.status.error().code, make_error_code(Errc::bad_encoding));
    EXPECT_TRUE(result.observations.empty());
  }
}

TEST(Hl7Oru, UnsupportedCharacterSetIsAnError) {
  const auto result = read("MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||ISO IR87\rOBX|1|NM|A||1\r");
  ASSERT_FALSE(result.status);
  EXPECT_EQ(result.status.error().code, make_error_code(Errc::bad_encoding));
  EXPECT_NE(result.status.error().detail.en.find("ISO IR87"), std::string::npos);
}

TEST(Hl7Oru, RecognisesOruR01) {
  Message message;
  std::string text;  // outlives the parse: a Message only views its text
  const auto type_of = [&](const std::string& type) {
    text = "MSH|^~\\&|A|B|||1||" + type + "|1|P|2.5\r";
    EXPECT_TRUE(message.parse(text));
    return is_oru_r01(message);
  };
  EXPECT_TRUE(type_of("ORU^R01^ORU_R01"));
  EXPECT_TRUE(type_of("ORU^R01"));
  EXPECT_TRUE(type_of("ORU"));
  EXPECT_FALSE(type_of("ORU^R30"));
  EXPECT_FALSE(type_of("ACK^R01^ACK"));
  EXPECT_FALSE(type_of("QRY^Q02"));
  EXPECT_FALSE(type_of(""));
}

}  // namespace
}  // namespace kj::protocols::hl7
