// ACK building: AA/AE/AR (and the enhanced-mode commit codes) with MSA-2 = the original MSH-10,
// ERR segments, non-default delimiters in the original, and an ACK for an unreadable message.
#include "protocols/hl7/ack.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/hl7/header.hpp"
#include "protocols/hl7/message.hpp"

namespace kj::protocols::hl7 {
namespace {

MessageHeader header_of(const std::string& text) {
  Message message;
  EXPECT_TRUE(message.parse(text));
  return read_header(message);
}

const std::string kOru = "MSH|^~\\&|Mindray|BS-240|LIS|kuaijian|20240315103000||ORU^R01^ORU_R01|1001|P|2.3.1\r";
const AckHeader kUs{"kuaijian", "YS", "ACK0001", "20240315103001+0800"};

TEST(Hl7Ack, HeaderIsReadFromMsh) {
  const auto header = header_of(kOru);
  EXPECT_EQ(header.sending_application, "Mindray");
  EXPECT_EQ(header.sending_facility, "BS-240");
  EXPECT_EQ(header.receiving_application, "LIS");
  EXPECT_EQ(header.receiving_facility, "kuaijian");
  EXPECT_EQ(header.message_code, "ORU");
  EXPECT_EQ(header.trigger_event, "R01");
  EXPECT_EQ(header.control_id, "1001");
  EXPECT_EQ(header.processing_id, "P");
  EXPECT_EQ(header.version, "2.3.1");
  EXPECT_EQ(header.charset, "");
  EXPECT_FALSE(header.enhanced_mode());
}

TEST(Hl7Ack, AcceptAnswersWithTheOriginalControlId) {
  EXPECT_EQ(build_ack(header_of(kOru), {AckCode::AA, std::nullopt, ""}, kUs),
            "MSH|^~\\&|kuaijian|YS|Mindray|BS-240|20240315103001+0800||ACK^R01^ACK|ACK0001|P|2.3.1\r"
            "MSA|AA|1001\r");
}

TEST(Hl7Ack, ErrorCarriesTextAndErrSegment) {
  EXPECT_EQ(build_ack(header_of(kOru), {AckCode::AE, ErrorCondition::data_type, "OBX-5 is not valid text"}, kUs),
            "MSH|^~\\&|kuaijian|YS|Mindray|BS-240|20240315103001+0800||ACK^R01^ACK|ACK0001|P|2.3.1\r"
            "MSA|AE|1001|OBX-5 is not valid text\r"
            "ERR|||102^Data type error^HL70357|E||||OBX-5 is not valid text\r");
}

TEST(Hl7Ack, RejectOfAnotherMessageType) {
  const auto query = header_of("MSH|^~\\&|Mindray|BS-240|LIS||20240315103002||QRY^Q02|Q7|P|2.3.1\r");
  EXPECT_EQ(build_ack(query, {AckCode::AR, ErrorCondition::unsupported_message_type, ""}, kUs),
            "MSH|^~\\&|kuaijian|YS|Mindray|BS-240|20240315103001+0800||ACK^Q02^ACK|ACK0001|P|2.3.1\r"
            "MSA|AR|Q7\r"
            "ERR|||200^Unsupported message type^HL70357|E\r");
}

TEST(Hl7Ack, OriginalWithOtherDelimitersIsAnsweredInDefaultOnes) {
  const auto header = header_of("MSH#$*%!#App#Fac#####ORU$R01#C|1%F%2#T#2.5###AL#NE##UNICODE UTF-8\r");
  EXPECT_EQ(header.control_id, "C|1#2");
  EXPECT_EQ(header.accept_ack_type, "AL");
  EXPECT_EQ(header.application_ack_type, "NE");
  EXPECT_TRUE(header.enhanced_mode());
  const std::string ack = build_ack(header, {commit_code(AckCode::AA), std::nullopt, ""}, kUs);
  EXPECT_EQ(ack,
            "MSH|^~\\&|kuaijian|YS|App|Fac|20240315103001+0800||ACK^R01^ACK|ACK0001|T|2.5||||||UNICODE UTF-8\r"
            "MSA|CA|C\\F\\1#2\r");
  // And our own parser reads MSA-2 back as the original id.
  Message parsed;
  ASSERT_TRUE(parsed.parse(ack));
  const auto* msa = parsed.find("MSA");
  ASSERT_NE(msa, nullptr);
  EXPECT_EQ(unescape(parsed.field(*msa, 2), parsed.delimiters()), "C|1#2");
}

TEST(Hl7Ack, UnreadableMessageGetsARejectWithoutControlId) {
  EXPECT_EQ(build_ack(MessageHeader{}, {AckCode::AR, ErrorCondition::segment_sequence, "no MSH"}, kUs),
            "MSH|^~\\&|kuaijian|YS|||20240315103001+0800||ACK|ACK0001|P|2.5\r"
            "MSA|AR||no MSH\r"
            "ERR|||100^Segment sequence error^HL70357|E||||no MSH\r");
}

TEST(Hl7Ack, CodesAndCommitCodes) {
  EXPECT_EQ(to_string(AckCode::AA), "AA");
  EXPECT_EQ(to_string(AckCode::AE), "AE");
  EXPECT_EQ(to_string(AckCode::AR), "AR");
  EXPECT_EQ(to_string(AckCode::CA), "CA");
  EXPECT_EQ(to_string(AckCode::CE), "CE");
  EXPECT_EQ(to_string(AckCode::CR), "CR");
  EXPECT_EQ(commit_code(AckCode::AA), AckCode::CA);
  EXPECT_EQ(commit_code(AckCode::AE), AckCode::CE);
  EXPECT_EQ(commit_code(AckCode::AR), AckCode::CR);
  EXPECT_EQ(commit_code(AckCode::CE), AckCode::CE);
  EXPECT_EQ(build_ack(header_of(kOru), {AckCode::CR, ErrorCondition::application_internal, ""}, kUs),
            "MSH|^~\\&|kuaijian|YS|Mindray|BS-240|20240315103001+0800||ACK^R01^ACK|ACK0001|P|2.3.1\r"
            "MSA|CR|1001\r"
            "ERR|||207^Application internal error^HL70357|E\r");
}

TEST(Hl7Ack, TextWithDelimitersIsEscaped) {
  EXPECT_EQ(build_ack(header_of(kOru), {AckCode::AE, std::nullopt, "a|b^c"}, kUs),
            "MSH|^~\\&|kuaijian|YS|Mindray|BS-240|20240315103001+0800||ACK^R01^ACK|ACK0001|P|2.3.1\r"
            "MSA|AE|1001|a\\F\\b\\S\\c\r");
}

}  // namespace
}  // namespace kj::protocols::hl7
