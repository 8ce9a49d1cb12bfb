#include "common/keep_until_exit.h"

#include <mutex>
#include <vector>

namespace sfn {
namespace {

struct Holder {
  std::mutex mutex;
  std::vector<std::shared_ptr<const void>> objects;
};

Holder& TheHolder() {
  static Holder* const holder = new Holder;  // never destroyed, by design
  return *holder;
}

}  // namespace

void KeepUntilExit(std::shared_ptr<const void> object) {
  if (!object) return;
  Holder& h = TheHolder();
  std::lock_guard lock(h.mutex);
  h.objects.push_back(std::move(object));
}

size_t KeptUntilExit() {
  Holder& h = TheHolder();
  std::lock_guard lock(h.mutex);
  return h.objects.size();
}

}  // namespace sfn
