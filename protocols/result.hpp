// Vocabulary types every layer shares: bilingual user text, an error value, and Result<T>.
// They live in the bottom layer because protocols is the one target every other may use;
// they depend on the standard library only, as the codecs do.
#pragma once

#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <variant>

namespace kj {

// The two languages every user-facing text exists in.
enum class Lang { zh, en };

// A user-facing text in Chinese and English, written where the fact is known.
struct Text {
  std::string en;
  std::string zh;

  [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::zh ? zh : en; }
};

// What a fallible call returns instead of a value: a code (for exit codes, HTTP statuses and
// tests) and a detail that names the field and what was expected.
struct Error {
  std::error_code code;
  Text detail;
};

inline Error make_error(std::error_code code, std::string en, std::string zh) {
  return Error{code, Text{std::move(en), std::move(zh)}};
}

// A value or an Error. Reading the value of an error result is a broken invariant (a bug in
// the caller), so that one case throws.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(checked()); }
  const T& value() const& { return std::get<0>(checked()); }
  T&& value() && { return std::get<0>(std::move(checked())); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

  [[nodiscard]] const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() called on a value");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error>& checked() {
    if (!ok()) throw std::logic_error("Result::value() called on an error: " + std::get<1>(state_).detail.en);
    return state_;
  }
  const std::variant<T, Error>& checked() const {
    if (!ok()) throw std::logic_error("Result::value() called on an error: " + std::get<1>(state_).detail.en);
    return state_;
  }

  std::variant<T, Error> state_;
};

// Success or an Error, for calls that return nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const Error& error() const {
    if (ok()) throw std::logic_error("Result::error() called on success");
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace kj
