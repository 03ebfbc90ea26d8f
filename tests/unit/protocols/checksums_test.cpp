// The check values of instruments.md §0 and the hard-coded frames they were proved against.
#include "protocols/checksums.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using kj::test::bytes;
using kj::test::hex;

TEST(Crc8_31, CheckValue) {
  EXPECT_EQ(crc8_31(bytes("123456789")), 0xA2);
}

TEST(Crc8_31, ReproducesTheTl310DriverFrames) {
  EXPECT_EQ(crc8_31(hex("15 04 00 FF 00 00 00")), 0x2B);
  EXPECT_EQ(crc8_31(hex("15 04 00 FF FF FF FF")), 0x4D);
  EXPECT_EQ(crc8_31(hex("02 04 00 FF 02 10 10")), 0xF8);
}

TEST(Crc8_31, IsNotCrc8Maxim) {
  // CRC-8/MAXIM gives 0xA1 for the check string; a reflected implementation would pass it.
  EXPECT_NE(crc8_31(bytes("123456789")), 0xA1);
}

TEST(Crc8_31, EmptyIsInit) {
  EXPECT_EQ(crc8_31({}), 0x00);
}

TEST(Xor8, DyHeaderFromSource) {
  EXPECT_EQ(xor8(hex("03 FF 43 00 00 00 00 00 08 00")), 0xB7);
}

TEST(Xor8, EmptyIsZero) {
  EXPECT_EQ(xor8({}), 0x00);
}

TEST(Neg8, VersionQueryFromSource) {
  EXPECT_EQ(neg8(bytes("V")), 0xAA);  // frame 01 56 41 41 04
  EXPECT_EQ(neg8(bytes("U")), 0xAB);  // the source sends it as lower-case "ab"
}

TEST(Neg8, CoveredBytesPlusChecksumSumToZero) {
  const auto payload = bytes("R180301180315");
  EXPECT_EQ(neg8(payload), 0x4F);
  unsigned sum = neg8(payload);
  for (const auto b : payload) sum += b;
  EXPECT_EQ(sum & 0xFFU, 0U);
  EXPECT_EQ(neg8({}), 0x00);
}

}  // namespace
}  // namespace kj::protocols
