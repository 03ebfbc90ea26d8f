// Unit tests of the booth's sync pieces without sockets: request signing (RFC 4231 vector),
// backoff bounds, reading the hub's per-record answer, and the outbox queue's ordering,
// receipts, backoff and dead-lettering.
#include <gtest/gtest.h>

#include "lims/store.hpp"
#include "lims/sync/backoff.hpp"
#include "lims/sync/outbox_queue.hpp"
#include "lims/sync/request_signature.hpp"
#include "lims/sync/sync_client.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims::sync {
namespace {

using namespace std::chrono_literals;

Timestamp at(std::int64_t seconds) {
  return Timestamp(std::chrono::seconds(seconds));
}

TEST(RequestSignature, MatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(RequestSignature, LongKeyIsHashedFirst) {  // RFC 4231 test case 6: 131-byte key
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(RequestSignature, CanonicalTextAndSensitivity) {
  EXPECT_EQ(canonical_request("POST", "/api/v1/records", 1700000000, "abcdef0123", ""),
            "POST\n/api/v1/records\n1700000000\nabcdef0123\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const auto base = sign_request("s3cret", "POST", "/p", 10, "nonce-123", "{}");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_NE(base, sign_request("s3cret", "POST", "/p", 11, "nonce-123", "{}"));
  EXPECT_NE(base, sign_request("s3cret", "POST", "/p", 10, "nonce-124", "{}"));
  EXPECT_NE(base, sign_request("s3cret", "POST", "/p", 10, "nonce-123", "{ }"));
  EXPECT_NE(base, sign_request("s3cres", "POST", "/p", 10, "nonce-123", "{}"));
  EXPECT_TRUE(constant_time_equal(base, sign_request("s3cret", "POST", "/p", 10, "nonce-123", "{}")));
  EXPECT_FALSE(constant_time_equal(base, base.substr(1)));
}

TEST(Backoff, DoublesWithJitterAndIsCapped) {
  const BackoffPolicy policy{5s, 300s};
  EXPECT_EQ(backoff_delay(policy, 1, [] { return 0.0; }), 3s);  // half of 5 s, rounded
  EXPECT_EQ(backoff_delay(policy, 1, [] { return 0.999999; }), 5s);
  EXPECT_EQ(backoff_delay(policy, 3, [] { return 0.0; }), 10s);  // 20 s ceiling
  EXPECT_EQ(backoff_delay(policy, 3, [] { return 0.5; }), 15s);
  EXPECT_EQ(backoff_delay(policy, 20, [] { return 0.999999; }), 300s);  // capped
  EXPECT_EQ(backoff_delay(policy, 1000, [] { return 0.0; }), 150s);
  for (int failures = 1; failures < 40; ++failures) {
    const auto d = backoff_delay(policy, failures, [] { return 0.7; });
    EXPECT_GE(d, 1s);
    EXPECT_LE(d, 300s);
  }
}

std::vector<OutboxRecord> two_records() {
  return {OutboxRecord{1, "sample", "u1", 1, R"({"a":1})", 0}, OutboxRecord{2, "result", "u2", 3, R"({"b":2})", 0}};
}

TEST(PushReply, StoredDuplicateAndRejectedPerRecord) {
  const auto outcomes = read_push_reply(
      two_records(),
      HubReply{200,
               R"({"results":[{"entity":"result","uuid":"u2","version":3,"status":"rejected","receipt":null,)"
               R"("error":"bad"},{"entity":"sample","uuid":"u1","version":1,"status":"duplicate","receipt":"R1"}]})"});
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].kind, Outcome::Kind::delivered);
  EXPECT_EQ(outcomes[0].receipt, "R1");
  EXPECT_EQ(outcomes[1].kind, Outcome::Kind::rejected);
  EXPECT_EQ(outcomes[1].error, "bad");
}

TEST(PushReply, MissingRecordServerErrorAndUnauthorisedAreTransient) {
  auto outcomes = read_push_reply(two_records(), HubReply{200, R"({"results":[]})"});
  EXPECT_EQ(outcomes[0].kind, Outcome::Kind::failed);
  outcomes = read_push_reply(two_records(), HubReply{503, "busy"});
  EXPECT_EQ(outcomes[1].kind, Outcome::Kind::failed);
  EXPECT_NE(outcomes[1].error.find("503"), std::string::npos);
  outcomes = read_push_reply(two_records(), HubReply{401, R"({"error":"timestamp"})"});
  EXPECT_EQ(outcomes[0].kind, Outcome::Kind::failed);
  outcomes = read_push_reply(two_records(), HubReply{200, "not json"});
  EXPECT_EQ(outcomes[0].kind, Outcome::Kind::failed);
}

TEST(PushReply, ForbiddenRecordIsRejectedOthersDeferred) {
  const auto outcomes = read_push_reply(
      two_records(), HubReply{403, R"({"forbidden":[{"entity":"result","uuid":"u2","version":3,"error":"other"}]})"});
  EXPECT_EQ(outcomes[0].kind, Outcome::Kind::deferred);
  EXPECT_EQ(outcomes[1].kind, Outcome::Kind::rejected);
}

TEST(PushBody, CarriesPayloadVerbatim) {
  EXPECT_EQ(push_body(two_records()), R"({"records":[{"entity":"sample","uuid":"u1","version":1,"payload":{"a":1}},)"
                                      R"({"entity":"result","uuid":"u2","version":3,"payload":{"b":2}}]})");
}

class OutboxQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_store(dir_ / "booth.db", true);
    ASSERT_TRUE(opened.ok());
    db_.emplace(std::move(*opened));
  }
  std::int64_t queue(const std::string& uuid, std::int64_t version) {
    db_->prepare("INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES ('sample', ?, ?, '{}', ?)")
        .bind(1, uuid)
        .bind(2, version)
        .bind(3, to_iso8601(at(0)))
        .run();
    return db_->last_insert_rowid();
  }
  std::string state(std::int64_t id) {
    auto& s = db_->prepare("SELECT state || '/' || attempts || '/' || coalesce(receipt, '-') FROM outbox WHERE id = ?");
    s.bind(1, id);
    EXPECT_TRUE(s.step());
    auto text = s.column_text(0);
    s.reset();
    return text;
  }

  test::TempDir dir_;
  std::optional<storage::Database> db_;
  RetryPolicy policy_{BackoffPolicy{10s, 100s}, 3};
  UniformSource zero_ = [] { return 0.0; };
};

TEST_F(OutboxQueueTest, ReceiptMarksSentAndStatusCounts) {
  const auto a = queue("a", 1);
  const auto b = queue("b", 1);
  auto due = due_records(*db_, at(100), 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  ASSERT_TRUE(apply_outcomes(*db_, {{a, Outcome::Kind::delivered, "R-a", {}}, {b, Outcome::Kind::failed, {}, "down"}},
                             at(100), policy_, zero_)
                  .ok());
  EXPECT_EQ(state(a), "sent/1/R-a");
  EXPECT_EQ(state(b), "queued/1/-");
  const auto status = queue_status(*db_);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->sent, 1);
  EXPECT_EQ(status->queued, 1);
  EXPECT_EQ(status->waiting, 1);
  EXPECT_EQ(status->last_success_at, "1970-01-01T00:01:40Z");
  EXPECT_EQ(status->last_error, "down");
}

TEST_F(OutboxQueueTest, BackoffDelaysTheRecordAndItsLaterVersions) {
  const auto v1 = queue("a", 1);
  const auto v2 = queue("a", 2);
  const auto other = queue("b", 1);
  ASSERT_TRUE(apply_outcomes(*db_, {{v1, Outcome::Kind::failed, {}, "down"}}, at(0), policy_, zero_).ok());
  // Backoff after one failure with zero jitter: 5 s. Version 2 must not overtake version 1.
  auto due = due_records(*db_, at(4), 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, other);
  due = due_records(*db_, at(5), 10);
  ASSERT_EQ(due->size(), 3u);
  EXPECT_EQ((*due)[0].id, v1);
  EXPECT_EQ((*due)[1].id, v2);
}

TEST_F(OutboxQueueTest, DeadAfterMaxAttemptsThenRetryDead) {
  const auto a = queue("a", 1);
  const auto rejected = queue("r", 1);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(apply_outcomes(*db_, {{a, Outcome::Kind::failed, {}, "refused"}}, at(1000 * i), policy_, zero_).ok());
  }
  ASSERT_TRUE(apply_outcomes(*db_, {{rejected, Outcome::Kind::rejected, {}, "bad uuid"}}, at(0), policy_, zero_).ok());
  EXPECT_EQ(state(a), "dead/3/-");
  EXPECT_EQ(state(rejected), "dead/1/-");
  const auto dead = dead_records(*db_, 10);
  ASSERT_EQ(dead->size(), 2u);
  EXPECT_NE((*dead)[0].last_error.find("gave up after 3 attempts: refused"), std::string::npos);
  EXPECT_NE((*dead)[1].last_error.find("bad uuid"), std::string::npos);
  EXPECT_TRUE(due_records(*db_, at(1'000'000), 10)->empty());
  EXPECT_EQ(*retry_dead(*db_), 2);
  EXPECT_EQ(state(a), "queued/0/-");
  EXPECT_EQ(due_records(*db_, at(0), 10)->size(), 2u);
}

// A transport that answers from a script and records what was sent.
class ScriptedTransport final : public HubTransport {
 public:
  std::vector<Result<HubReply>> replies;
  std::vector<std::string> bodies;
  std::vector<std::vector<std::pair<std::string, std::string>>> headers;
  Result<HubReply> exchange(const std::string&, const std::string&, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& h) override {
    bodies.push_back(body);
    headers.push_back(h);
    auto reply = replies.front();
    replies.erase(replies.begin());
    return reply;
  }
};

TEST_F(OutboxQueueTest, ClientSignsBatchesAndStoresReceipts) {
  const auto a = queue("a", 1);
  ScriptedTransport transport;
  transport.replies.push_back(make_error(std::error_code(), "connection refused", "拒绝连接"));
  transport.replies.push_back(
      HubReply{200, R"({"results":[{"entity":"sample","uuid":"a","version":1,"status":"stored","receipt":"R9"}]})"});
  SyncClient client(*db_, transport, SyncSettings{"B-1", "secret", 200, policy_}, zero_,
                    [] { return std::string("n0nce-1"); });
  auto first = client.push_batch(at(1000));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->hub_reachable);
  EXPECT_EQ(state(a), "queued/1/-");
  EXPECT_EQ(client.push_batch(at(1004))->batches, 0);  // still in backoff
  auto second = client.push_batch(at(1005));
  EXPECT_EQ(second->delivered, 1);
  EXPECT_EQ(state(a), "sent/2/R9");
  const auto& h = transport.headers.back();
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].second, "B-1");
  EXPECT_EQ(h[1].second, "1005");
  EXPECT_EQ(h[3].second, sign_request("secret", "POST", "/api/v1/records", 1005, "n0nce-1", transport.bodies.back()));
}

}  // namespace
}  // namespace kj::lims::sync
