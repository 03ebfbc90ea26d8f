// The verdict of a structural check on the first bytes of a Tianyang data group. Neither series
// has a checksum or a start byte before its groups, so their decoders tell groups from garbage
// by whether the fields make sense, judging as early as the bytes allow.
#pragma once

namespace kj::protocols::tianyang {

struct GroupCheck {
  enum class Verdict { plausible, need_more, implausible };
  Verdict verdict = Verdict::need_more;
  const char* why = "";  // implausible: the reason, in English (static text)

  static GroupCheck plausible() { return {Verdict::plausible, ""}; }
  static GroupCheck need_more() { return {Verdict::need_more, ""}; }
  static GroupCheck implausible(const char* why) { return {Verdict::implausible, why}; }
};

}  // namespace kj::protocols::tianyang
