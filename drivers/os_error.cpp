#include "drivers/os_error.hpp"

#include <cerrno>
#include <system_error>

namespace kj::drivers {
namespace {

const char* chinese_reason(int errno_value) {
  switch (errno_value) {
    case ENOENT: return "没有该文件或设备";
    case EACCES: return "权限不足";
    case EPERM: return "不允许的操作";
    case EBUSY: return "设备正忙";
    case EIO: return "输入/输出错误（设备可能已拔出）";
    case ENXIO: return "设备不存在或已拔出";
    case ENODEV: return "没有该设备";
    case ENOTTY: return "不是终端（串口）设备";
    case ECONNREFUSED: return "连接被拒绝";
    case ECONNRESET: return "连接被对端重置";
    case ECONNABORTED: return "连接已中止";
    case ETIMEDOUT: return "连接超时";
    case EHOSTUNREACH: return "主机不可达";
    case ENETUNREACH: return "网络不可达";
    case EPIPE: return "连接已断开";
    case EADDRINUSE: return "地址已被占用";
    case EADDRNOTAVAIL: return "地址不可用";
    case ENOSPC: return "磁盘空间不足";
    case EROFS: return "只读文件系统";
    case EMFILE:
    case ENFILE: return "打开的文件过多";
    default: return nullptr;
  }
}

}  // namespace

Text errno_text(int errno_value) {
  // The standard category's message is the thread-safe way to reach strerror.
  const std::string english = std::generic_category().message(errno_value);
  const char* chinese = chinese_reason(errno_value);
  return Text{english, chinese ? std::string(chinese) : english};
}

Error make_os_error(Errc code, const Text& what, const Text& reason) {
  return make_error(make_error_code(code), what.en + ": " + reason.en, what.zh + "：" + reason.zh);
}

}  // namespace kj::drivers
