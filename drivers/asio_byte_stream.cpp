#include "drivers/asio_byte_stream.hpp"

#include <array>
#include <chrono>
#include <deque>
#include <vector>

#include "drivers/errors.hpp"
#include "drivers/os_error.hpp"

namespace kj::drivers {

template <class Socket>
struct AsioByteStream<Socket>::Core : std::enable_shared_from_this<Core> {
  Core(Socket socket_in, std::string description_in, Closer closer_in)
      : socket(std::move(socket_in)), description(std::move(description_in)), closer(std::move(closer_in)) {
    health.state = LinkState::open;
  }
  ~Core() { shutdown(); }

  Socket socket;
  std::string description;
  Closer closer;
  StreamListener* listener = nullptr;
  std::array<std::uint8_t, 4096> buffer{};
  std::deque<std::vector<std::uint8_t>> queue;  // front() is being written; deque keeps it in place
  std::size_t queued_bytes = 0;
  bool writing = false;
  bool closed = false;
  StreamHealth health;

  void read_next() {
    socket.async_read_some(
        asio::buffer(buffer),
        [self = this->shared_from_this()](const IoError& error, std::size_t size) { self->on_read(error, size); });
  }

  void on_read(const IoError& error, std::size_t size) {
    if (closed) return;
    if (size > 0) {
      health.bytes_in += size;
      health.last_rx = std::chrono::system_clock::now();
      listener->on_bytes(std::span<const std::uint8_t>(buffer.data(), size));
      if (closed) return;  // the listener closed or destroyed the stream
    }
    if (error) {
      fail(error, Text{"reading", "读取"});
      return;
    }
    read_next();
  }

  void write_next() {
    writing = true;
    asio::async_write(
        socket, asio::buffer(queue.front()),
        [self = this->shared_from_this()](const IoError& error, std::size_t size) { self->on_written(error, size); });
  }

  void on_written(const IoError& error, std::size_t size) {
    if (closed) return;
    if (error) {
      fail(error, Text{"writing", "写入"});
      return;
    }
    health.bytes_out += size;
    queued_bytes -= queue.front().size();
    queue.pop_front();
    if (queue.empty()) {
      writing = false;
    } else {
      write_next();
    }
  }

  void fail(const IoError& error, const Text& during) {
    Error reason = make_os_error(
        Errc::disconnected,
        Text{description + ": link lost while " + during.en, description + "：" + during.zh + "时连接中断"},
        io_error_text(error));
    StreamListener* to_tell = listener;
    shutdown();
    health.last_error = reason;
    if (to_tell != nullptr) to_tell->on_closed(reason);
  }

  void shutdown() {
    if (closed) return;
    closed = true;
    listener = nullptr;
    health.state = LinkState::closed;
    queue.clear();
    queued_bytes = 0;
    if (closer) {
      closer(socket);
    } else {
      IoError ignored;
      socket.close(ignored);
    }
  }
};

template <class Socket>
AsioByteStream<Socket>::AsioByteStream(Socket socket, std::string description, Closer closer)
    : core_(std::make_shared<Core>(std::move(socket), std::move(description), std::move(closer))) {}

template <class Socket>
AsioByteStream<Socket>::~AsioByteStream() {
  core_->shutdown();
}

template <class Socket>
void AsioByteStream<Socket>::start(StreamListener& listener) {
  if (core_->closed || core_->listener != nullptr) return;
  core_->listener = &listener;
  core_->read_next();
}

template <class Socket>
Status AsioByteStream<Socket>::write(std::span<const std::uint8_t> bytes) {
  Core& core = *core_;
  if (core.closed) {
    return make_error(make_error_code(Errc::disconnected), core.description + ": not open, nothing was sent",
                      core.description + "：连接未打开，未发送任何数据");
  }
  if (bytes.empty()) return {};
  if (core.queued_bytes + bytes.size() > kMaxQueuedBytes) {
    return make_error(
        make_error_code(Errc::port_failed),
        core.description + ": the device is not taking data; write queue full (" + std::to_string(core.queued_bytes) +
            " bytes waiting)",
        core.description + "：设备不接收数据，发送队列已满（" + std::to_string(core.queued_bytes) + " 字节待发送）");
  }
  core.queue.emplace_back(bytes.begin(), bytes.end());
  core.queued_bytes += bytes.size();
  if (!core.writing) core.write_next();
  return {};
}

template <class Socket>
void AsioByteStream<Socket>::close() {
  core_->shutdown();
}

template <class Socket>
std::string AsioByteStream<Socket>::description() const {
  return core_->description;
}

template <class Socket>
StreamHealth AsioByteStream<Socket>::health() const {
  return core_->health;
}

template class AsioByteStream<asio::posix::stream_descriptor>;
template class AsioByteStream<asio::ip::tcp::socket>;

}  // namespace kj::drivers
