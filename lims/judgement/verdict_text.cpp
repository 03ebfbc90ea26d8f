#include "lims/judgement/verdict_text.hpp"

namespace kj::lims {

Text result_text(Verdict verdict) {
  switch (verdict) {
    case Verdict::negative: return {"negative", "阴性"};
    case Verdict::positive: return {"positive", "阳性"};
    case Verdict::suspect: return {"suspect", "可疑"};
    case Verdict::invalid: return {"invalid", "无效"};
  }
  return {"unknown", "未知"};
}

Text conformity_text(Verdict verdict) {
  switch (verdict) {
    case Verdict::negative: return {"conforming", "合格"};
    case Verdict::positive: return {"non-conforming", "不合格"};
    case Verdict::suspect: return {"suspect", "可疑"};
    case Verdict::invalid: return {"invalid", "无效"};
  }
  return {"unknown", "未知"};
}

}  // namespace kj::lims
