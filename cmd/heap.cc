// Start-up: the heap is prefaulted in one system call.
//
// malloc grows the heap with brk, and the kernel then maps each new 4 KiB page on its first touch, one
// page fault at a time. On virtual machines a fault costs tens of microseconds, and a small `sfn validate`
// touches a few hundred heap pages (compiling the embedded schema allocates most of them). Populating
// the first pages in one call (MADV_POPULATE_WRITE, Linux 5.14) costs a fraction of that. Where the call
// is not supported, nothing changes. Allocations above 2 x `bytes` still get their own mappings, and the
// heap is not trimmed below that size.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "cli.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace sfn::cli {

void PrefaultHeap(size_t bytes) {
  if (std::getenv("SFN_NO_PREFAULT") != nullptr) return;
  // One block of `bytes` from the heap (not a separate mapping), populated, then freed back to the top
  // of the heap, where later allocations find its pages already mapped.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(2 * bytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * bytes));
  void* block = std::malloc(bytes);
  if (block == nullptr) return;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<uintptr_t>(block) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<uintptr_t>(block) + bytes) & ~(page - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  std::free(block);
}

}  // namespace sfn::cli
