// Bilingual text for operating-system errors (errno), so a port or socket failure reads well
// to an operator in either language: "Permission denied" / "权限不足".
#pragma once

#include <string>

#include "drivers/errors.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

// The reason for `errno_value`: the C library's English text, and a Chinese one for the errors
// operators meet on ports and sockets (others repeat the English).
Text errno_text(int errno_value);

// An Error whose detail is "<what>: <reason>" in each language.
Error make_os_error(Errc code, const Text& what, const Text& reason);

}  // namespace kj::drivers
