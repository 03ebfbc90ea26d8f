// A pseudo-terminal pair made in-process for `kuaijian sim --pty`: the simulator keeps the
// master, a driver opens the slave path. Both sides are put in raw mode (no ICRNL/ONLCR, no
// echo: protocols.md warns that a cooked pty corrupts binary frames), and the simulator holds
// the slave open itself so the master does not read EIO between two driver sessions.
#pragma once

#include <memory>
#include <string>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

class PtyPair {
 public:
  // port_failed when the system has no free pseudo-terminal or refuses raw mode.
  static Result<std::unique_ptr<PtyPair>> open(IoContext& io);
  ~PtyPair();
  PtyPair(const PtyPair&) = delete;
  PtyPair& operator=(const PtyPair&) = delete;

  [[nodiscard]] const std::string& slave_path() const { return slave_path_; }
  // The master side as a byte stream (call once; the pair keeps the slave open).
  std::unique_ptr<ByteStream> take_master();

 private:
  PtyPair(IoContext& io, int master, int slave, std::string slave_path);
  IoContext& io_;
  int master_;
  int slave_;
  std::string slave_path_;
};

}  // namespace kj::drivers
