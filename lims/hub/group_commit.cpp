#include "lims/hub/group_commit.hpp"

#include "lims/storage/storage_error.hpp"

namespace kj::lims::hub {

Status GroupCommit::run(const std::function<Status()>& work) {
  Job job{&work, {}, false};
  std::unique_lock lock(queue_mutex_);
  pending_.push_back(&job);
  while (!job.done) {
    if (leader_active_) {
      finished_.wait(lock);
      continue;
    }
    leader_active_ = true;
    std::vector<Job*> group;
    group.swap(pending_);
    lock.unlock();
    execute(group);
    lock.lock();
    for (auto* j : group) j->done = true;
    leader_active_ = false;
    finished_.notify_all();
  }
  return job.status;
}

void GroupCommit::execute(const std::vector<Job*>& group) {
  std::lock_guard db_lock(db_mutex_);
  try {
    db_.exec("BEGIN IMMEDIATE");
    for (auto* job : group) {
      db_.exec("SAVEPOINT request");
      try {
        job->status = (*job->work)();
      } catch (const storage::StorageError& error) {
        job->status = storage::storage_error(error);
      }
      if (!job->status.ok()) db_.exec("ROLLBACK TO request");
      db_.exec("RELEASE request");
    }
    db_.exec("COMMIT");
  } catch (const storage::StorageError& error) {
    try {
      db_.exec("ROLLBACK");
    } catch (const storage::StorageError&) {
      // Already rolled back by SQLite (e.g. a failed COMMIT on a full disk); nothing to undo.
    }
    for (auto* job : group) job->status = storage::storage_error(error);
  }
}

}  // namespace kj::lims::hub
