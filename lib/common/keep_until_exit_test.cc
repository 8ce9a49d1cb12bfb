#include "common/keep_until_exit.h"

#include <doctest/doctest.h>

namespace sfn {

TEST_CASE("keep until exit: a kept object is never destroyed; null is ignored") {
  size_t before = KeptUntilExit();
  auto flag = std::make_shared<bool>(false);
  struct SetsOnDestruction {
    std::shared_ptr<bool> flag;
    ~SetsOnDestruction() {
      if (flag) *flag = true;
    }
  };
  {
    auto object = std::make_shared<SetsOnDestruction>();
    object->flag = flag;
    KeepUntilExit(object);
  }
  CHECK_FALSE(*flag);
  CHECK(KeptUntilExit() == before + 1);
  KeepUntilExit(nullptr);
  CHECK(KeptUntilExit() == before + 1);
}

}  // namespace sfn
