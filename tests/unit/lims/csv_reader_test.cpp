// The RFC 4180 reader under plan import: quoting, line ends, byte order mark, line numbers of
// records, and the errors that name line and field in both languages.
#include <gtest/gtest.h>

#include "lims/errors.hpp"
#include "lims/plans/csv_reader.hpp"

namespace kj::lims {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> read_ok(std::string_view text) {
  auto records = read_csv(text);
  EXPECT_TRUE(records.ok()) << (records.ok() ? "" : records.error().detail.en);
  return records.ok() ? *records : std::vector<CsvRecord>{};
}

TEST(CsvReader, PlainRecordsWithLineNumbers) {
  const auto records = read_ok("a,b,c\n1,2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(records[1].line, 2u);
  EXPECT_EQ(records[1].fields, (Fields{"1", "2", "3"}));
}

TEST(CsvReader, CrLfLfAndLoneCrEndLines) {
  const auto records = read_ok("a,b\r\nc,d\ne,f\rg,h");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(records[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(records[3].fields, (Fields{"g", "h"}));
  EXPECT_EQ(records[3].line, 4u);
}

TEST(CsvReader, LastRecordWithoutLineBreak) {
  const auto records = read_ok("x,y");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{"x", "y"}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  const auto records = read_ok("\xEF\xBB\xBFyear,plan\n2026,计划\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields, (Fields{"year", "plan"}));
  EXPECT_EQ(records[1].fields, (Fields{"2026", "计划"}));
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const auto records = read_ok("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,\"\"\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[0].fields, (Fields{"a,b", "say \"hi\"", "two\r\nlines"}));
  // The record after a quoted line break starts on line 3.
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[1].fields, (Fields{"next", ""}));
}

TEST(CsvReader, EmptyFieldsAndTrailingComma) {
  const auto records = read_ok("a,,b\nc,\n,\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields, (Fields{"a", "", "b"}));
  EXPECT_EQ(records[1].fields, (Fields{"c", ""}));
  EXPECT_EQ(records[2].fields, (Fields{"", ""}));
}

TEST(CsvReader, EmptyLinesAreSkippedButCounted) {
  const auto records = read_ok("a\n\n\r\nb\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].line, 4u);
  EXPECT_EQ(records[1].fields, (Fields{"b"}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(read_ok("").empty());
  EXPECT_TRUE(read_ok("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(read_ok("\n\n").empty());
}

TEST(CsvReader, SpacesArePartOfUnquotedFields) {
  const auto records = read_ok(" a , b \n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, (Fields{" a ", " b "}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldNamesLineAndField) {
  const auto records = read_csv("a,b\nc,d\"e\n");
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.error().code, Errc::invalid_input);
  EXPECT_NE(records.error().detail.en.find("CSV line 2, field 2"), std::string::npos) << records.error().detail.en;
  EXPECT_NE(records.error().detail.zh.find("CSV 第 2 行第 2 个字段"), std::string::npos) << records.error().detail.zh;
  EXPECT_NE(records.error().detail.en.find("quote inside an unquoted field"), std::string::npos);
  EXPECT_NE(records.error().detail.zh.find("未加引号的字段中出现引号"), std::string::npos);
}

TEST(CsvReader, TextAfterClosingQuoteNamesLineAndField) {
  const auto records = read_csv("a\n\"x\"y,z\n");
  ASSERT_FALSE(records.ok());
  EXPECT_NE(records.error().detail.en.find("CSV line 2, field 1: text after the closing quote"), std::string::npos)
      << records.error().detail.en;
  EXPECT_NE(records.error().detail.zh.find("CSV 第 2 行第 1 个字段：右引号后还有文字"), std::string::npos)
      << records.error().detail.zh;
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereItOpened) {
  const auto records = read_csv("a,b\nc,\"open\nmore\nstill\n");
  ASSERT_FALSE(records.ok());
  EXPECT_NE(records.error().detail.en.find("CSV line 2, field 2: the quote opened here is never closed"),
            std::string::npos)
      << records.error().detail.en;
  EXPECT_NE(records.error().detail.zh.find("CSV 第 2 行第 2 个字段：此处开始的引号没有闭合"), std::string::npos)
      << records.error().detail.zh;
}

}  // namespace
}  // namespace kj::lims
