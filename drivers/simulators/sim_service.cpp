#include "drivers/simulators/sim_service.hpp"

#include <list>
#include <memory>

#include "drivers/asio.hpp"
// Not in drivers/asio.hpp yet; it needs nothing beyond what that header set up (<utility> first).

#include "drivers/errors.hpp"
#include "drivers/serial/serial_termios_stream.hpp"
#include "drivers/simulators/pty_pair.hpp"
#include "drivers/simulators/sim_runner.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "drivers/tcp/tcp_client.hpp"
#include "drivers/tcp/tcp_server.hpp"

namespace kj::drivers {

namespace {

constexpr auto kRedialDelay = std::chrono::seconds(2);

class Service {
 public:
  Service(const SimServiceOptions& options, const SimServiceEvents& events)
      : options_(options), events_(events), signals_(io_, SIGINT, SIGTERM), redial_(io_) {}

  Status run() {
    if (find_sim_profile(options_.profile) == nullptr) {
      auto probe = make_simulator(options_.profile, options_.scenario, options_.today);
      return probe.error();
    }
    signals_.async_wait([this](const IoError& error, int) {
      if (!error) stop();
    });
    if (auto opened = open(); !opened) return opened;
    io_.run();
    return {};
  }

 private:
  Status open() {
    switch (options_.transport) {
      case SimTransport::pty: {
        auto pair = PtyPair::open(io_);
        if (!pair) return pair.error();
        pty_ = std::move(*pair);
        ready(pty_->slave_path());
        attach(pty_->take_master());
        return {};
      }
      case SimTransport::serial: {
        SerialSettings settings;
        const auto* profile = find_sim_profile(options_.profile);
        settings.baud = options_.baud != 0 ? options_.baud : (profile->baud != 0 ? profile->baud : 9600);
        auto stream = SerialTermiosStream::open(io_, options_.serial_path, settings);
        if (!stream) return stream.error();
        ready(options_.serial_path);
        attach(std::move(*stream));
        return {};
      }
      case SimTransport::tcp_listen: {
        auto server = TcpServer::listen(io_, options_.endpoint);
        if (!server) return server.error();
        server_ = std::move(*server);
        ready(options_.endpoint.host + ":" + std::to_string(server_->port()));
        server_->start([this](std::unique_ptr<ByteStream> stream) {
          note({"host connected: " + stream->description(), "主机已连接：" + stream->description()});
          attach(std::move(stream));
        });
        return {};
      }
      case SimTransport::tcp_connect:
        opener_ = std::make_unique<TcpClientOpener>(io_, options_.endpoint);
        ready(to_string(options_.endpoint));
        dial();
        return {};
    }
    return {};
  }

  void dial() {
    opener_->async_open([this](Result<std::unique_ptr<ByteStream>> stream) {
      if (!stream) {
        note(stream.error().detail);
        redial();
        return;
      }
      note({"connected: " + (*stream)->description(), "已连接：" + (*stream)->description()});
      attach(std::move(*stream));
    });
  }

  void redial() {
    if (stopping_) return;
    redial_.expires_after(kRedialDelay);
    redial_.async_wait([this](const IoError& error) {
      if (!error && !stopping_) dial();
    });
  }

  void attach(std::unique_ptr<ByteStream> stream) {
    auto device = make_simulator(options_.profile, options_.scenario, options_.today);
    if (!device) {
      note(device.error().detail);
      return;
    }
    auto& slot = runners_.emplace_back();
    auto it = std::prev(runners_.end());
    slot.runner = std::make_unique<SimRunner>(io_, std::move(stream), std::move(*device),
                                              [this, it](const SimRunResult& result) { on_done(it, result); });
    slot.runner->start();
  }

  struct Slot {
    std::unique_ptr<SimRunner> runner;
    bool erasing = false;
  };

  void on_done(std::list<Slot>::iterator it, const SimRunResult& result) {
    if (it->erasing) return;
    if (result.finished) note({"sequence finished", "一次完整的读取/上传已完成"});
    if (result.closed) note(result.closed->detail);
    if (options_.once && result.finished) {
      stop();
      return;
    }
    const bool link_over = result.closed.has_value() || options_.transport == SimTransport::tcp_listen ||
                           (options_.transport == SimTransport::tcp_connect && result.finished);
    if (!link_over) return;  // pty and serial links stay up: the host may read again
    it->erasing = true;
    // The runner is inside its own callback: destroy it once the callback has returned.
    asio::post(io_, [this, it] { runners_.erase(it); });
    if (options_.transport == SimTransport::tcp_connect && !result.finished) redial();
  }

  void stop() {
    stopping_ = true;
    signals_.cancel();
    redial_.cancel();
    if (opener_) opener_->cancel();
    if (server_) server_->close();
    for (auto& slot : runners_) slot.runner->close();
    io_.stop();
  }

  void ready(const std::string& where) {
    if (events_.ready) events_.ready(where);
  }
  void note(const Text& text) {
    if (events_.note) events_.note(text);
  }

  const SimServiceOptions& options_;
  const SimServiceEvents& events_;
  IoContext io_;
  asio::signal_set signals_;
  asio::steady_timer redial_;
  std::unique_ptr<PtyPair> pty_;
  std::unique_ptr<TcpServer> server_;
  std::unique_ptr<TcpClientOpener> opener_;
  std::list<Slot> runners_;
  bool stopping_ = false;
};

}  // namespace

Status run_sim_service(const SimServiceOptions& options, const SimServiceEvents& events) {
  Service service(options, events);
  return service.run();
}

}  // namespace kj::drivers
