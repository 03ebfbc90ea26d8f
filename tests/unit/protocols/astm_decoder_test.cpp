// The `astm` capture decoder: captures in samples/captures/astm, the mapping of R records to
// observations, corruption and recovery, options, and identical output for any split.
#include "protocols/astm/astm_decoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/astm/frame.hpp"
#include "protocols/astm/record.hpp"
#include "protocols/hex_text.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using astm::FrameEnd;
using test::Split;

std::unique_ptr<Decoder> make(const CodecOptions& options = {}) {
  auto decoder = make_astm_decoder(options);
  EXPECT_TRUE(decoder.ok());
  return std::move(decoder).value();
}

std::string frame(int number, std::string_view text, FrameEnd end = FrameEnd::last) {
  const auto bytes = astm::encode_frame(number, text, end);
  return {bytes.begin(), bytes.end()};
}

// ENQ, the records one per frame, EOT.
std::string transfer(const std::vector<std::string>& records) {
  std::string out = "\x05";
  for (std::size_t i = 0; i < records.size(); ++i) out += frame(static_cast<int>(i + 1), records[i] + "\r");
  return out + "\x04";
}

std::vector<DecodeEvent> decode(const std::string& input, Split split = Split::whole,
                                const CodecOptions& options = {}) {
  auto decoder = make(options);
  return test::decode_all(*decoder, test::bytes(input), split);
}

// Events as comparable text: to_json plus the offset, which to_json leaves out. (Observation's
// defaulted operator== is deleted: DeviceIdentity has none.)
std::vector<std::string> described(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<Observation>(&event)) out.push_back(to_json(*o) + " @" + std::to_string(o->offset));
    if (const auto* e = std::get_if<DecodeError>(&event))
      out.push_back(to_json(*e) + " " + std::to_string(static_cast<int>(e->code)));
  }
  return out;
}

std::vector<Observation> observations_of(const std::string& input, const CodecOptions& options = {}) {
  return test::observations(decode(input, Split::whole, options));
}

TEST(AstmDecoder, CapturesMatch) {
  test::expect_captures_match("astm", [] { return make(); });
}

TEST(AstmDecoder, OptionsAreChecked) {
  EXPECT_TRUE(make_astm_decoder({{"max_frame_bytes", "1024"}, {"sample_id_component", "2"}}).ok());
  for (const CodecOptions& bad : std::vector<CodecOptions>{{{"baud", "9600"}},
                                                           {{"max_frame_bytes", "8"}},
                                                           {{"max_frame_bytes", "lots"}},
                                                           {{"max_frame_bytes", "-1"}},
                                                           {{"max_frame_bytes", "99999999"}},
                                                           {{"sample_id_component", "33"}},
                                                           {{"sample_id_component", "1x"}}}) {
    const auto result = make_astm_decoder(bad);
    ASSERT_FALSE(result.ok()) << bad.begin()->first << "=" << bad.begin()->second;
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_option));
    EXPECT_FALSE(result.error().detail.zh.empty());
  }
}

TEST(AstmDecoder, MapsTheFoodTestingRecord) {
  const auto obs = observations_of(transfer({
      "H|\\^&|||FS-8800^V1.2^FS88000123|||||||P|LIS2-A2|20240515093000",
      "P|1|A-12|||张记蔬菜",
      "O|1|20240515001||^^^OPC|R",
      "R|1|^^^OPC^有机磷和氨基甲酸酯类|32.5|%|<50|N||F||李四||20240515093000",
      "L|1|N",
  }));
  ASSERT_EQ(obs.size(), 1U);
  const Observation& o = obs[0];
  EXPECT_EQ(o.protocol, "astm");
  EXPECT_EQ(o.sample_id, "20240515001");
  EXPECT_EQ(o.item_code, "OPC");
  EXPECT_EQ(o.item_name, "有机磷和氨基甲酸酯类");
  EXPECT_EQ(o.value, ObservedValue(32.5));
  EXPECT_EQ(o.unit, "%");
  EXPECT_EQ(o.flags, std::vector<std::string>{"N"});
  EXPECT_EQ(o.status, "F");
  EXPECT_EQ(o.measured_at, "2024-05-15T09:30:00");
  ASSERT_TRUE(o.device);
  EXPECT_EQ(o.device->maker, "");
  EXPECT_EQ(o.device->model, "FS-8800");
  EXPECT_EQ(o.device->serial, "FS88000123");
  // raw is exactly the R frame, offset where it starts.
  const std::string r_frame = frame(4, "R|1|^^^OPC^有机磷和氨基甲酸酯类|32.5|%|<50|N||F||李四||20240515093000\r");
  EXPECT_EQ(o.raw, test::bytes(r_frame));
  const std::string before = "\x05" + frame(1, "H|\\^&|||FS-8800^V1.2^FS88000123|||||||P|LIS2-A2|20240515093000\r") +
                             frame(2, "P|1|A-12|||张记蔬菜\r") + frame(3, "O|1|20240515001||^^^OPC|R\r");
  EXPECT_EQ(o.offset, before.size());
}

TEST(AstmDecoder, TestCodeAndNameRules) {
  const auto obs = observations_of(transfer({
      "H|\\^&", "O|1|S1",
      "R|1|^^^^WBC^1|5.42|10*3/uL",  // Sysmex: code in component 5, "1" is no name
      "R|2|GLU^Glucose|5.5",         // first non-empty component, then its name
      "R|3|^^^685/|22.4",            // Roche: component 4, nothing after
      "R|4|^^^OPC^ |12",             // a blank name is no name
      "R|5|^^^ OPC ^ 有机磷 |12",    // padding trimmed
  }));
  ASSERT_EQ(obs.size(), 5U);
  EXPECT_EQ(obs[0].item_code, "WBC");
  EXPECT_FALSE(obs[0].item_name);
  EXPECT_EQ(obs[1].item_code, "GLU");
  EXPECT_EQ(obs[1].item_name, "Glucose");
  EXPECT_EQ(obs[2].item_code, "685/");
  EXPECT_FALSE(obs[2].item_name);
  EXPECT_FALSE(obs[3].item_name);
  EXPECT_EQ(obs[4].item_code, "OPC");
  EXPECT_EQ(obs[4].item_name, "有机磷");
}

TEST(AstmDecoder, ResultWithoutTestCodeIsAnError) {
  const auto events = decode(transfer({"H|\\^&", "O|1|S1", "R|1|^^^|5.5", "R|2|^^^GLU|5.5"}));
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::bad_layout);
  ASSERT_EQ(test::observations(events).size(), 1U);
  EXPECT_EQ(test::observations(events)[0].item_code, "GLU");
}

TEST(AstmDecoder, ValuesUnitsFlagsStatusTimes) {
  const auto obs = observations_of(transfer({
      "H|\\^&", "O|1|S1", "R|1|^^^A|  4.8|10*3/uL||W||F||||20231115103722",
      "R|2|^^^B|<0.5|mg/kg||L\\LL||P|||20240101|",  // R-12 when R-13 is empty, date only
      "R|3|^^^C|NEG|||||||||2024010112", "R|4|^^^D||||||||||not a date",
      "R|5|^^^E|1&S&2|%||\\\\",  // escaped component; empty repeats are no flags
  }));
  ASSERT_EQ(obs.size(), 5U);
  EXPECT_EQ(obs[0].value, ObservedValue(4.8));
  EXPECT_EQ(obs[0].flags, std::vector<std::string>{"W"});
  EXPECT_EQ(obs[0].measured_at, "2023-11-15T10:37:22");
  EXPECT_EQ(obs[1].value, ObservedValue(std::string("<0.5")));
  EXPECT_EQ(obs[1].flags, (std::vector<std::string>{"L", "LL"}));
  EXPECT_EQ(obs[1].status, "P");
  EXPECT_EQ(obs[1].measured_at, "2024-01-01");
  EXPECT_EQ(obs[2].value, ObservedValue(std::string("NEG")));
  EXPECT_FALSE(obs[2].unit);
  EXPECT_TRUE(obs[2].flags.empty());
  EXPECT_FALSE(obs[2].status);
  EXPECT_EQ(obs[2].measured_at, "2024-01-01T12");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(obs[3].value));
  EXPECT_FALSE(obs[3].measured_at);
  EXPECT_EQ(obs[4].value, ObservedValue(std::string("1^2")));
  EXPECT_TRUE(obs[4].flags.empty());
}

TEST(AstmDecoder, SampleIdFromO3ThenO4) {
  const std::vector<std::string> records{
      "H|\\^&",
      "O|1||^^                    27^M",  // Sysmex: O-3 empty, O-4 padded component 3
      "R|1|^^^A|1",
      "O|2|11625^CL-PL-24-0370         ^1^^004|R1",  // cobas c311
      "R|1|^^^B|2",
      "P|2",  // a new patient/stall: no sample until its O
      "R|1|^^^C|3",
      "O|1|S7\\S8",  // repeats: the first
      "R|1|^^^D\\^^^E|4",
  };
  auto obs = observations_of(transfer(records));
  ASSERT_EQ(obs.size(), 4U);
  EXPECT_EQ(obs[0].sample_id, "27");
  EXPECT_EQ(obs[1].sample_id, "11625");
  EXPECT_FALSE(obs[2].sample_id);
  EXPECT_EQ(obs[3].sample_id, "S7");
  EXPECT_EQ(obs[3].item_code, "D");

  obs = observations_of(transfer(records), {{"sample_id_component", "2"}});
  EXPECT_FALSE(obs[0].sample_id);  // O-3 and O-4 component 2 are empty
  EXPECT_EQ(obs[1].sample_id, "CL-PL-24-0370");
}

TEST(AstmDecoder, DeviceFromHeaderAndInstrumentId) {
  auto obs = observations_of(
      transfer({"H|\\^&|||    XN-550^00-24^22723^^^^BD634545", "R|1|^^^A|1", "R|2|^^^B|2||||||||||P1"}));
  ASSERT_EQ(obs.size(), 2U);
  ASSERT_TRUE(obs[0].device);
  EXPECT_EQ(obs[0].device->model, "XN-550");
  EXPECT_EQ(obs[0].device->serial, "22723");
  EXPECT_EQ(obs[1].device->serial, "P1");  // R-14: the instrument that ran this test

  obs = observations_of(transfer({"H|\\^&", "R|1|^^^A|1"}));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].device);
}

TEST(AstmDecoder, DelimitersComeFromTheHeader) {
  const auto obs = observations_of(transfer({
      "H!@#$!!!Sim#1.0#SN9",
      "O!1!S$F$7",  // escaped field delimiter inside the sample id
      "R!1!###OPC#有机磷!45.2!%!!H@A!!F!!!!20240101120000",
      "R!2!###X!a|b^c\\d&e",  // the usual delimiters are plain text here
  }));
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].sample_id, "S!7");
  EXPECT_EQ(obs[0].item_code, "OPC");
  EXPECT_EQ(obs[0].item_name, "有机磷");
  EXPECT_EQ(obs[0].value, ObservedValue(45.2));
  EXPECT_EQ(obs[0].flags, (std::vector<std::string>{"H", "A"}));
  EXPECT_EQ(obs[0].device->model, "Sim");
  EXPECT_EQ(obs[0].device->serial, "SN9");
  EXPECT_EQ(obs[1].value, ObservedValue(std::string("a|b^c\\d&e")));
}

TEST(AstmDecoder, EscapesAreDecodedInEveryMappedField) {
  const auto obs = observations_of(transfer({
      "H|\\^&|||A&F&B^1^S&E&N",
      "O|1|S&S&1",
      "R|1|^^^X&R&Y^&XE69C89E69CBAE7A3B7&|1&F&2|mg&S&kg||H&E&",
  }));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].device->model, "A|B");
  EXPECT_EQ(obs[0].device->serial, "S&N");
  EXPECT_EQ(obs[0].sample_id, "S^1");
  EXPECT_EQ(obs[0].item_code, "X\\Y");
  EXPECT_EQ(obs[0].item_name, "有机磷");
  EXPECT_EQ(obs[0].value, ObservedValue(std::string("1|2")));
  EXPECT_EQ(obs[0].unit, "mg^kg");
  EXPECT_EQ(obs[0].flags, std::vector<std::string>{"H&"});
}

TEST(AstmDecoder, RecordSpanningFramesHasAllItsFramesAsRaw) {
  const std::string f1 = frame(1, "H|\\^&\rO|1|S1\rR|1|^^^GL", FrameEnd::intermediate);
  const std::string f2 = frame(2, "U|5.5|mmol/L", FrameEnd::intermediate);
  const std::string f3 = frame(3, "\rR|2|^^^TG|1.2\rL|1|N\r");
  const auto obs = observations_of("\x05" + f1 + f2 + f3 + "\x04");
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].item_code, "GLU");
  EXPECT_EQ(obs[0].value, ObservedValue(5.5));
  EXPECT_EQ(obs[0].unit, "mmol/L");
  EXPECT_EQ(obs[0].raw, test::bytes(f1 + f2 + f3));  // its CR is in frame 3
  EXPECT_EQ(obs[0].offset, 1U);
  EXPECT_EQ(obs[1].raw, test::bytes(f3));
  EXPECT_EQ(obs[1].offset, 1U + f1.size() + f2.size());
}

TEST(AstmDecoder, SeveralRecordsInOneFrameShareTheFrameAsRaw) {
  const std::string f = frame(1, "H|\\^&\rO|1|S1\rR|1|^^^A|1\rR|2|^^^B|2\rL|1|N\r");
  const auto obs = observations_of("\x05" + f + "\x04");
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].raw, test::bytes(f));
  EXPECT_EQ(obs[1].raw, test::bytes(f));
  EXPECT_EQ(obs[0].offset, 1U);
  EXPECT_EQ(obs[1].offset, 1U);
}

TEST(AstmDecoder, AcceptsA620ByteFrameAndRejectsOversize) {
  std::string text = "H|\\^&|||c311^1\rO|1|S1\r";
  for (int i = 1; i <= 18; ++i) text += "R|" + std::to_string(i) + "|^^^685/|22.4|U/l||A||F|||||P1\r";
  text += "L|1|N\r";
  ASSERT_GT(text.size(), 620U);
  const std::string big = "\x05" + frame(1, text) + "\x04";
  EXPECT_EQ(observations_of(big).size(), 18U);

  const auto events = decode(big, Split::whole, {{"max_frame_bytes", "600"}});
  EXPECT_TRUE(test::observations(events).empty());
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::buffer_overflow);
  EXPECT_EQ(test::errors(events)[0].offset, 1U);

  // After the oversize frame, the next good frame decodes (a sender would retransmit it).
  const auto recovered = decode("\x05" + frame(1, text) + frame(1, "H|\\^&\rR|1|^^^A|1\r") + "\x04",
                                Split::byte_by_byte, {{"max_frame_bytes", "600"}});
  EXPECT_EQ(test::errors(recovered).size(), 1U);
  EXPECT_EQ(test::observations(recovered).size(), 1U);
}

TEST(AstmDecoder, BadChecksumThenRetransmissionLosesNothing) {
  const std::vector<std::string> records{"H|\\^&|||Sim^1^SN1", "O|1|S1", "R|1|^^^A|1.5|%", "L|1|N"};
  const std::string clean = transfer(records);
  std::string bad_o = frame(2, records[1] + "\r");
  bad_o[bad_o.size() - 3] ^= 1;  // a checksum digit
  std::string corrupted = "\x05" + frame(1, records[0] + "\r") + bad_o + "\x15" + frame(2, records[1] + "\r") +
                          frame(3, records[2] + "\r") + frame(4, records[3] + "\r") + "\x04";
  const auto events = decode(corrupted);
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::bad_checksum);
  auto got = test::observations(events);
  auto want = observations_of(clean);
  ASSERT_EQ(got.size(), 1U);
  ASSERT_EQ(want.size(), 1U);
  EXPECT_EQ(got[0].offset, want[0].offset + bad_o.size() + 1);
  EXPECT_EQ(to_json(got[0]), to_json(want[0]));
}

TEST(AstmDecoder, LostOrderNeverFilesResultsUnderThePreviousSample) {
  // The frame with O|2|S2 is unreadable and the sender moved on (the real host accepted it).
  std::string bad_o2 = frame(4, "O|2|S2\r");
  bad_o2[bad_o2.size() - 3] ^= 1;
  const std::string input = "\x05" + frame(1, "H|\\^&\r") + frame(2, "O|1|S1\r") + frame(3, "R|1|^^^A|1\r") + bad_o2 +
                            frame(5, "R|1|^^^A|2\r") + frame(6, "R|2|^^^B|3\r") + frame(7, "L|1|N\r") +
                            // the next message of the same transfer starts with H: decoding resumes
                            frame(0, "H|\\^&\r") + frame(1, "O|1|S3\r") + frame(2, "R|1|^^^A|4\r") + "\x04";
  const auto events = decode(input);
  const auto obs = test::observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].sample_id, "S1");
  EXPECT_EQ(obs[0].value, ObservedValue(1.0));
  EXPECT_EQ(obs[1].sample_id, "S3");
  EXPECT_EQ(obs[1].value, ObservedValue(4.0));
  const auto errors = test::errors(events);
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0].code, Errc::bad_checksum);
  EXPECT_EQ(errors[1].code, Errc::bad_frame_number);
}

TEST(AstmDecoder, MessageCutByEotYieldsAnErrorAndNothingElse) {
  const std::string input = "\x05" + frame(1, "H|\\^&\rO|1|S1\rR|1|^^^A|1", FrameEnd::intermediate) + "\x04";
  const auto events = decode(input);
  EXPECT_TRUE(test::observations(events).empty());
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::truncated);
  EXPECT_EQ(test::errors(events)[0].offset, 1U);
}

TEST(AstmDecoder, EachTransferStartsWithoutContext) {
  const std::string input = transfer({"H|\\^&|||Sim^1^SN1", "O|1|S1", "R|1|^^^A|1"}) + transfer({"R|1|^^^B|2"});
  const auto obs = observations_of(input);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].sample_id, "S1");
  EXPECT_FALSE(obs[1].sample_id);
  EXPECT_FALSE(obs[1].device);
}

TEST(AstmDecoder, BadHeaderSkipsItsMessage) {
  const auto events = decode(transfer({"H|||", "O|1|S1", "R|1|^^^A|1", "H|\\^&", "O|1|S2", "R|1|^^^B|2"}));
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::bad_layout);
  const auto obs = test::observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_id, "S2");
}

TEST(AstmDecoder, OtherRecordTypesAndLinkBytesProduceNothing) {
  const auto events =
      decode(transfer({"H|\\^&", "Q|1|^S1||^^^ALL||||||||O", "C|1|I|comment|G", "M|1|x", "L|1|N"}) + "\x06\x15\x04");
  EXPECT_TRUE(events.empty());
}

TEST(AstmDecoder, SplitsGiveIdenticalEvents) {
  std::string all;
  for (const char* name : {"sysmex_xn550", "cobas_c311", "food_testing", "corruption"}) {
    const auto text = test::read_file(test::source_dir() / "samples/captures/astm" / (std::string(name) + ".hex"));
    const auto bytes = std::get<std::vector<std::uint8_t>>(parse_hex_text(text));
    all.append(bytes.begin(), bytes.end());
  }
  const auto whole = decode(all, Split::whole);
  EXPECT_GT(test::observations(whole).size(), 50U);
  EXPECT_EQ(described(decode(all, Split::byte_by_byte)), described(whole));
  for (unsigned seed = 1; seed <= 20; ++seed) {
    auto decoder = make();
    EXPECT_EQ(described(test::decode_all(*decoder, test::bytes(all), Split::random, seed)), described(whole)) << seed;
  }
}

TEST(AstmDecoder, EncodedMessageDecodesBack) {
  using astm::Field;
  using astm::Record;
  const astm::Delimiters d;
  const std::vector<Record> records{
      Record{{Field{{"H"}}, Field{{"\\^&"}}, Field{{""}}, Field{{""}}, Field{{"Sim|X", "1.0", "SN^1"}}}},
      Record{{Field{{"P"}}, Field{{"1"}}, Field{{"A-12"}}}},
      Record{{Field{{"O"}}, Field{{"1"}}, Field{{"S&1"}}}},
      Record{{Field{{"R"}}, Field{{"1"}}, Field{{"", "", "", "OPC", "有机磷和氨基甲酸酯类"}}, Field{{"45.2"}},
              Field{{"%"}}, Field{{""}}, Field{{"H"}, {"A"}}, Field{{""}}, Field{{"F"}}, Field{{""}}, Field{{""}},
              Field{{""}}, Field{{"20240515093000"}}}},
      Record{{Field{{"L"}}, Field{{"1"}}, Field{{"N"}}}},
  };
  const std::string text = astm::encode_message(records, d);
  std::string input = "\x05";
  for (const auto& f : astm::encode_frames(text, astm::FrameSplit::per_message, 16)) input.append(f.begin(), f.end());
  input += "\x04";
  const auto events = decode(input, Split::random);
  EXPECT_TRUE(test::errors(events).empty());
  const auto obs = test::observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].device->model, "Sim|X");
  EXPECT_EQ(obs[0].device->serial, "SN^1");
  EXPECT_EQ(obs[0].sample_id, "S&1");
  EXPECT_EQ(obs[0].item_code, "OPC");
  EXPECT_EQ(obs[0].item_name, "有机磷和氨基甲酸酯类");
  EXPECT_EQ(obs[0].value, ObservedValue(45.2));
  EXPECT_EQ(obs[0].flags, (std::vector<std::string>{"H", "A"}));
  EXPECT_EQ(obs[0].measured_at, "2024-05-15T09:30:00");
}

TEST(AstmDecoder, TruncatedAtEndOfInput) {
  const auto events = decode("\x05" + frame(1, "H|\\^&\r") +
                             "\x02"
                             "2R|1|^^^A|1");
  ASSERT_EQ(test::errors(events).size(), 1U);
  EXPECT_EQ(test::errors(events)[0].code, Errc::truncated);
  EXPECT_EQ(test::errors(events)[0].offset, 1U + frame(1, "H|\\^&\r").size());
}

}  // namespace
}  // namespace kj::protocols
