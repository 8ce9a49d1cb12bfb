// Keeping large objects alive until the process ends, instead of freeing them.
//
// A one-shot command that has loaded a large document spends about as long freeing it, node by node, as
// it spent parsing it; the kernel reclaims the same memory at exit in one step. Objects handed here stay
// reachable from a holder that is never destroyed (so leak checkers do not report them) and are never
// freed. Only for commands that end soon after: a long-lived caller must not use it.
#pragma once

#include <memory>

namespace sfn {

// Thread-safe. A null pointer is ignored.
void KeepUntilExit(std::shared_ptr<const void> object);

// How many objects are held (for tests).
size_t KeptUntilExit();

}  // namespace sfn
