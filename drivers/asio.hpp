// The one door to Boost.Asio: every driver file that needs sockets, descriptors or timers
// includes this header and nothing from boost/asio directly, so the Boost version quirks are
// handled in one place. Everything runs on one io_context that the caller owns.
#pragma once

// Boost 1.74's Asio uses std::exchange and friends without including <utility>; GCC 12 in
// C++20 mode no longer pulls it in transitively, so it must come first.
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>

#include "protocols/result.hpp"

namespace kj::drivers {

namespace asio = boost::asio;
using IoContext = boost::asio::io_context;
using IoError = boost::system::error_code;

// The reason behind an I/O error, in both languages ("the peer closed the connection",
// "Connection refused" …) for the detail of an Error.
Text io_error_text(const IoError& error);

}  // namespace kj::drivers
