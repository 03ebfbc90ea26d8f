// The words a verdict is shown with. A qualitative result reads 阳性/阴性 (the "检测结果"
// column); the conformity column reads 合格/不合格 (enzyme-inhibition.md §6.3 mapping).
#pragma once

#include "protocols/observation.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

using protocols::Verdict;

// negative 阴性, positive 阳性, suspect 可疑, invalid 无效.
Text result_text(Verdict verdict);
// negative 合格, positive 不合格, suspect 可疑, invalid 无效.
Text conformity_text(Verdict verdict);

}  // namespace kj::lims
