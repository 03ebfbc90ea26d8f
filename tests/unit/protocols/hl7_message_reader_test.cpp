// The drivers' API: one MLLP block → header, observations or error, and which ACK to send.
#include "protocols/hl7/message_reader.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/hl7/ack.hpp"
#include "protocols/hl7/mllp.hpp"

namespace kj::protocols::hl7 {
namespace {

// Frames `text` as the framer would hand it over, at stream offset 100 (after 100 filler blocks'
// worth of CR, which the framer ignores).
Receipt receive(const std::string& text) {
  MllpFramer framer;
  const std::vector<std::uint8_t> filler(100, '\r');
  framer.feed(filler);
  framer.feed(mllp_encode(text));
  auto event = framer.next();
  EXPECT_TRUE(event.has_value());
  const auto* block = std::get_if<MllpBlock>(&*event);
  EXPECT_NE(block, nullptr);
  MessageReader reader;
  return reader.read(*block);
}

const AckHeader kUs{"kuaijian", "", "K1", "20240315103001"};

TEST(Hl7MessageReader, OruIsAcceptedAfterItsObservations) {
  const auto receipt = receive(
      "MSH|^~\\&|Mindray|BS-240|||20240315||ORU^R01^ORU_R01|1001|P|2.5\r"
      "OBR|1||S1\rOBX|1|NM|GLU^Glucose||5.6|mmol/L\rOBX|2|NM|ALT||35|U/L\r");
  ASSERT_TRUE(receipt.header.has_value());
  EXPECT_EQ(receipt.header->control_id, "1001");
  EXPECT_FALSE(receipt.error.has_value());
  ASSERT_EQ(receipt.observations.size(), 2U);
  EXPECT_EQ(receipt.observations[0].offset, 100U);
  EXPECT_EQ(receipt.observations[0].raw.front(), 0x0B);
  EXPECT_EQ(receipt.observations[0].raw.back(), 0x0D);
  ASSERT_TRUE(receipt.ack.has_value());
  EXPECT_EQ(receipt.ack->code, AckCode::AA);
  EXPECT_EQ(build_ack(*receipt.header, *receipt.ack, kUs),
            "MSH|^~\\&|kuaijian||Mindray|BS-240|20240315103001||ACK^R01^ACK|K1|P|2.5\rMSA|AA|1001\r");
}

TEST(Hl7MessageReader, OruWithoutObxIsStillAccepted) {
  const auto receipt = receive("MSH|^~\\&|A|B|||1||ORU^R01|7|P|2.5\rPID|1\r");
  EXPECT_TRUE(receipt.observations.empty());
  EXPECT_FALSE(receipt.error.has_value());
  ASSERT_TRUE(receipt.ack.has_value());
  EXPECT_EQ(receipt.ack->code, AckCode::AA);
}

TEST(Hl7MessageReader, AnAckIsNeverAcknowledged) {
  const auto receipt = receive("MSH|^~\\&|LIS||A|B|1||ACK^R01^ACK|9|P|2.5\rMSA|AA|7\r");
  EXPECT_TRUE(receipt.header.has_value());
  EXPECT_TRUE(receipt.observations.empty());
  EXPECT_FALSE(receipt.error.has_value());
  EXPECT_FALSE(receipt.ack.has_value());
}

TEST(Hl7MessageReader, OtherMessageTypesAreRejectedWithoutError) {
  const auto query = receive("MSH|^~\\&|A|B|||1||QRY^Q02|Q7|P|2.3.1\rQRD|1|R|D|1\r");
  EXPECT_FALSE(query.error.has_value());
  ASSERT_TRUE(query.ack.has_value());
  EXPECT_EQ(query.ack->code, AckCode::AR);
  EXPECT_EQ(query.ack->condition, ErrorCondition::unsupported_message_type);
  const auto other_event = receive("MSH|^~\\&|A|B|||1||ORU^R30|Q8|P|2.5\r");
  ASSERT_TRUE(other_event.ack.has_value());
  EXPECT_EQ(other_event.ack->condition, ErrorCondition::unsupported_event_code);
}

TEST(Hl7MessageReader, MessageWithoutMshIsRejected) {
  const auto receipt = receive("PID|1\rOBX|1|NM|A||1\r");
  EXPECT_FALSE(receipt.header.has_value());
  ASSERT_TRUE(receipt.error.has_value());
  EXPECT_EQ(receipt.error->code, Errc::bad_layout);
  EXPECT_EQ(receipt.error->offset, 100U);
  ASSERT_TRUE(receipt.ack.has_value());
  EXPECT_EQ(receipt.ack->code, AckCode::AR);
  EXPECT_EQ(receipt.ack->condition, ErrorCondition::segment_sequence);
  const std::string ack = build_ack(receipt.header.value_or(MessageHeader{}), *receipt.ack, kUs);
  EXPECT_TRUE(ack.find("\rMSA|AR||") != std::string::npos) << ack;
}

TEST(Hl7MessageReader, BadEncodingCharactersAreRejected) {
  const auto receipt = receive("MSH|^^\\&|A|B|||1||ORU^R01|1|P|2.5\r");
  ASSERT_TRUE(receipt.error.has_value());
  EXPECT_EQ(receipt.error->code, Errc::bad_layout);
  ASSERT_TRUE(receipt.ack.has_value());
  EXPECT_EQ(receipt.ack->code, AckCode::AR);
  EXPECT_EQ(receipt.ack->condition, ErrorCondition::data_type);
}

TEST(Hl7MessageReader, InvalidTextIsAnApplicationError) {
  const auto receipt = receive("MSH|^~\\&|A|B|||1||ORU^R01|5|P|2.5||||||GBK\rOBX|1|ST|X||\x81\x20\r");
  ASSERT_TRUE(receipt.header.has_value());
  ASSERT_TRUE(receipt.error.has_value());
  EXPECT_EQ(receipt.error->code, Errc::bad_encoding);
  EXPECT_TRUE(receipt.observations.empty());
  ASSERT_TRUE(receipt.ack.has_value());
  EXPECT_EQ(receipt.ack->code, AckCode::AE);
  EXPECT_EQ(receipt.ack->condition, ErrorCondition::data_type);
  const std::string ack = build_ack(*receipt.header, *receipt.ack, kUs);
  EXPECT_TRUE(ack.find("\rMSA|AE|5|") != std::string::npos) << ack;
  EXPECT_TRUE(ack.find("||||||GBK\r") != std::string::npos) << ack;  // MSH-18 echoed
}

}  // namespace
}  // namespace kj::protocols::hl7
