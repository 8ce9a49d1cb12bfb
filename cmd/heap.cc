// Start-up: the heap is prepared so that page faults stay few.
//
// malloc grows the heap with brk, and the kernel then maps each new 4 KiB page on its first touch, one
// page fault at a time. On virtual machines a fault costs tens of microseconds: a 5,000-state definition
// touches some 9,000 heap pages, and their faults took a third of `sfn validate`'s time. So:
//   - the heap reserves its address space in one large step (M_TOP_PAD), which costs no memory until it
//     is touched, and is never trimmed back while sfn runs;
//   - that range is marked for transparent huge pages (MADV_HUGEPAGE, which the common "madvise" setting
//     of the kernel honours): one fault then maps 2 MiB;
//   - large blocks stay on that heap instead of getting their own mappings (M_MMAP_THRESHOLD);
//   - the first `prefault` bytes are populated in one call (MADV_POPULATE_WRITE, Linux 5.14), for the
//     start-up of a small run.
// Where a call is not supported, nothing changes but the speed. SFN_NO_PREFAULT=1 turns all of it off.
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
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
constexpr int kReserve = 512 << 20;    // address space taken by each growth of the heap
constexpr int kMmapThreshold = 256 << 20;

uintptr_t AlignUp(uintptr_t p, uintptr_t to) { return (p + to - 1) & ~(to - 1); }
uintptr_t AlignDown(uintptr_t p, uintptr_t to) { return p & ~(to - 1); }

}  // namespace

void PrefaultHeap(size_t prefault) {
  if (std::getenv("SFN_NO_PREFAULT") != nullptr) return;
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kReserve);
  mallopt(M_TOP_PAD, kReserve);
  // The first allocation extends the heap by the reservation; the heap then ends at sbrk(0).
  void* block = std::malloc(prefault);
  if (block == nullptr) return;
  auto begin = reinterpret_cast<uintptr_t>(block);
  auto end = reinterpret_cast<uintptr_t>(sbrk(0));
  if (end > begin && end - begin >= kHugePage) {
    uintptr_t huge = AlignUp(begin, kHugePage);
    if (AlignDown(end, kHugePage) > huge) {
      madvise(reinterpret_cast<void*>(huge), AlignDown(end, kHugePage) - huge, MADV_HUGEPAGE);
    }
  }
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  uintptr_t first = AlignUp(begin, page);
  uintptr_t last = AlignDown(begin + prefault, page);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
  std::free(block);
}

}  // namespace sfn::cli
