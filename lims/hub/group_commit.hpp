// Group commit for the hub: the writes of requests arriving together run in ONE transaction,
// so that one fsync (synchronous=FULL) makes all of them durable. Each request's work runs in
// its own SAVEPOINT: an error in one (or a batch refused as another booth's) undoes only that
// request's changes; the others commit. A caller returns only once its work is durable — or
// with the error that kept it from being so.
//
// Leader/follower: whoever finds no transaction running takes every queued job, runs them,
// commits and wakes the rest; while it commits, newly arriving jobs queue for the next group.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "lims/storage/database.hpp"

namespace kj::lims::hub {

class GroupCommit {
 public:
  // `db_mutex` guards `db` for every other user of the connection; the leader holds it while
  // its group's transaction runs.
  GroupCommit(storage::Database& db, std::mutex& db_mutex) : db_(db), db_mutex_(db_mutex) {}

  // Runs `work` in the next group transaction. A StorageError it throws becomes the returned
  // error (its savepoint rolled back); a failed COMMIT fails every job of the group.
  Status run(const std::function<Status()>& work);

 private:
  struct Job {
    const std::function<Status()>* work = nullptr;
    Status status;
    bool done = false;
  };
  void execute(const std::vector<Job*>& group);

  storage::Database& db_;
  std::mutex& db_mutex_;
  std::mutex queue_mutex_;
  std::condition_variable finished_;
  std::vector<Job*> pending_;
  bool leader_active_ = false;
};

}  // namespace kj::lims::hub
