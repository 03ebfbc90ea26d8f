// ORU^R01 (unsolicited observation results) → observations, one per OBX.
//
// Where each observation field comes from:
//   sample_id    OBR-3.1 (filler order number) of the OBX's order group, else OBR-2.1 (placer),
//                else SPM-2 of the group (placer id, else filler id). The group is the OBR and
//                everything up to the next OBR; SPM follows the OBX in v2.5, so it is looked up.
//   sample_name  SPM-4 (specimen type: for food, the commodity), text component else code.
//   item_code    OBX-3.1; if empty, OBX-3.2.      item_name  OBX-3.2.
//   value        by OBX-2: NM → number (text as sent when not a plain decimal, e.g. `<0.01`);
//                SN → number when it is just a number, else its parts joined (`>100`, `1:128`);
//                CWE/CE/CNE/CF → component 2 (text) if present, else component 1;
//                ST/TX/FT → the text, repetitions joined by newlines; OBX-2 empty → number when
//                numeric, else text; any other type → the first repetition as text.
//                Empty or HL7's null `""` → no value.
//   unit         OBX-6.1.      flags  OBX-8, every repetition (component 1).
//   verdict      the first OBX-8 flag that is a clear word (verdict_from_flag), else none.
//   status       OBX-11.
//   measured_at  OBX-14, else OBR-7 (only when OBX-14 is absent: a malformed OBX-14 gives none).
//   standard     OBX-17 (observation method), text component else code. NTE segments are free
//                comments, so they are not mined for it.
//   device       maker = MSH-3.1 (sending application: analyzers name themselves there),
//                model = MSH-4.1 (sending facility), serial = OBX-18.1 (equipment instance);
//                absent when all three are empty.
// Text is decoded from escapes and from MSH-18's character set to UTF-8. The whole message must
// be valid text in that set (a UTF-8 message is checked once, as a whole); a message in another
// set is converted as a whole before it is split, because a GBK trail byte can equal `|`, `^`,
// `~` or `\` and would otherwise cut a value. \Xhh…\ bytes are taken in the message's set too.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/hl7/message.hpp"
#include "protocols/observation.hpp"
#include "protocols/result.hpp"

namespace kj::protocols::hl7 {

// True for ORU^R01, and for a bare `ORU`, which some analyzers send without the trigger event.
bool is_oru_r01(const Message& message);

// Appends one observation per OBX of `message` to `out`, each with `raw` and `offset` (the
// block it came from). Fails (Errc::bad_encoding) when MSH-18 names a character set we cannot
// read, or the message (or a value once its escapes are decoded) is not valid text in it;
// nothing is appended then.
Status read_observations(const Message& message, std::span<const std::uint8_t> raw, std::uint64_t offset,
                         std::vector<Observation>& out);

// OBX-8 words that are a verdict: POS/NEG (HL7 table 0078), DET/ND (detected / not detected),
// IND (indeterminate → suspect), the English words, and the Chinese ones (阳性 不合格 超标 →
// positive, 阴性 合格 → negative, 可疑 → suspect, 无效 → invalid). ASCII case is ignored.
std::optional<Verdict> verdict_from_flag(std::string_view flag);

}  // namespace kj::protocols::hl7
