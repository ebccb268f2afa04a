// SPDX-License-Identifier: Apache-2.0
// Finds the vDSO's functions by walking its ELF dynamic symbol table, as the
// kernel's own reference parser does (tools/testing/selftests/vDSO/
// parse_vdso.c). Only what a dynamic linker would check is checked: ELF
// class and byte order, symbol type and binding, and the symbol version. The
// vDSO has the process's own ELF class and byte order: ELF64 on the 64-bit
// architectures, ELF32 on the 32-bit ones, big-endian on s390x. Its words
// are read as the process's own, so the byte order needs no code but the
// check; the width of a DT_HASH word does (below).

#include <linux/auxvec.h>
#include <linux/elf.h>

#include "sysgate/generated/linux/core_abi.h"
#include "sysgate/process/auxv.h"
#include "sysgate/time/vdso.h"

namespace sysgate {
namespace {

#if SYSGATE_ARCH_HAS_VDSO
// <linux/elf.h> stops short of the GNU extensions the vDSO uses.
constexpr long kDtGnuHash = 0x6ffffef5;
constexpr long kDtVersym = 0x6ffffff0;
constexpr long kDtVerdef = 0x6ffffffc;
constexpr unsigned short kVerFlgBase = 0x1;

// The same in both ELF classes (<elf.h>'s Elf32_Verdef and Elf64_Verdef).
struct ElfVerdef {
  unsigned short vd_version, vd_flags, vd_ndx, vd_cnt;
  unsigned int vd_hash, vd_aux, vd_next;
};
struct ElfVerdaux {
  unsigned int vda_name, vda_next;
};

#if __SIZEOF_POINTER__ == 8
using ElfEhdr = Elf64_Ehdr;
using ElfPhdr = Elf64_Phdr;
using ElfDyn = Elf64_Dyn;
using ElfSym = Elf64_Sym;
constexpr unsigned char kElfClass = ELFCLASS64;
#else
using ElfEhdr = Elf32_Ehdr;
using ElfPhdr = Elf32_Phdr;
using ElfDyn = Elf32_Dyn;
using ElfSym = Elf32_Sym;
constexpr unsigned char kElfClass = ELFCLASS32;
#endif
constexpr unsigned char kElfData =
    SYSGATE_ARCH_BIG_ENDIAN ? ELFDATA2MSB : ELFDATA2LSB;  // tables/linux/ARCH.abi's byte_order
// A DT_GNU_HASH bloom filter word is as wide as an address: two or one of
// the table's 32-bit words.
constexpr unsigned int kBloomWordInts = sizeof(void*) / sizeof(unsigned int);
// A DT_HASH word (nbucket, nchain, buckets, chains) is 32 bits, but 64 on
// s390x, whose ELF ABI widens them (glibc's Elf_Symndx; binutils'
// elf64-s390): tables/linux/ARCH.abi's elf_hash_word. Read as 32-bit words,
// s390x's nchain would be its nbucket's low half, and the lookup would stop
// short of most symbols. DT_GNU_HASH has 32-bit words everywhere.
#if SYSGATE_ARCH_ELF_HASH_WORD_BITS == 64
using ElfHashWord = unsigned long long;
#else
using ElfHashWord = unsigned int;
#endif
static_assert(sizeof(ElfHashWord) * 8 == SYSGATE_ARCH_ELF_HASH_WORD_BITS);
// ELF64_ST_TYPE and ELF32_ST_TYPE (and _BIND) are the same.
constexpr unsigned SymbolType(unsigned char info) { return info & 0xf; }
constexpr unsigned SymbolBinding(unsigned char info) { return info >> 4; }

// Each architecture's vDSO names its functions and their version
// differently (the kernel's arch/*/kernel/vdso/vdso.lds.S, arch/x86/entry/
// vdso/vdso32/vdso32.lds.S, arch/arm/vdso/vdso.lds.S); tables/linux/ARCH.abi
// says how (its vdso key, in the generated core_abi.h). A 32-bit one names the
// call with 64-bit times clock_gettime64 (its clock_gettime takes the 32-bit
// struct old_timespec32), and 6.1's has no clock_getres of 64-bit times
// (clock_getres_time64 came later).
constexpr char kPrefix[] = SYSGATE_VDSO_PREFIX;
constexpr char kVersion[] = SYSGATE_VDSO_VERSION;
#if __SIZEOF_POINTER__ == 8
constexpr char kClockGettime[] = "clock_gettime";
constexpr char kClockGetres[] = "clock_getres";
#else
constexpr char kClockGettime[] = "clock_gettime64";
constexpr char kClockGetres[] = "clock_getres_time64";
#endif

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

// Whether `name` is kPrefix followed by `suffix`.
bool IsPrefixed(const char* name, const char* suffix) {
  for (const char* p = kPrefix; *p != '\0'; ++p, ++name) {
    if (*name != *p) return false;
  }
  return Equal(name, suffix);
}

class VdsoImage {
 public:
  bool Load(const void* base);
  void* Find(const char* suffix) const;

 private:
  unsigned long SymbolCount() const;
  bool HasVersion(unsigned long symbol) const;

  unsigned long load_offset_ = 0;
  const char* strings_ = nullptr;
  const ElfSym* symbols_ = nullptr;
  const ElfHashWord* hash_ = nullptr;
  const unsigned int* gnu_hash_ = nullptr;
  const unsigned short* versym_ = nullptr;
  const ElfVerdef* verdef_ = nullptr;
};

bool VdsoImage::Load(const void* base) {
  const auto* ehdr = static_cast<const ElfEhdr*>(base);
  if (ehdr->e_ident[EI_MAG0] != ELFMAG0 || ehdr->e_ident[EI_MAG1] != ELFMAG1 ||
      ehdr->e_ident[EI_MAG2] != ELFMAG2 || ehdr->e_ident[EI_MAG3] != ELFMAG3 ||
      ehdr->e_ident[EI_CLASS] != kElfClass || ehdr->e_ident[EI_DATA] != kElfData) {
    return false;
  }
  const auto start = reinterpret_cast<unsigned long>(base);
  const auto* phdrs = reinterpret_cast<const ElfPhdr*>(start + ehdr->e_phoff);
  const ElfDyn* dynamic = nullptr;
  bool found_load = false;
  for (int i = 0; i < ehdr->e_phnum; ++i) {
    if (phdrs[i].p_type == PT_LOAD && !found_load) {
      found_load = true;
      load_offset_ = start + phdrs[i].p_offset - phdrs[i].p_vaddr;
    } else if (phdrs[i].p_type == PT_DYNAMIC) {
      dynamic = reinterpret_cast<const ElfDyn*>(start + phdrs[i].p_offset);
    }
  }
  if (!found_load || dynamic == nullptr) return false;
  for (const ElfDyn* d = dynamic; d->d_tag != DT_NULL; ++d) {
    const unsigned long address = load_offset_ + d->d_un.d_ptr;
    switch (d->d_tag) {
      case DT_STRTAB:
        strings_ = reinterpret_cast<const char*>(address);
        break;
      case DT_SYMTAB:
        symbols_ = reinterpret_cast<const ElfSym*>(address);
        break;
      case DT_HASH:
        hash_ = reinterpret_cast<const ElfHashWord*>(address);
        break;
      case kDtGnuHash:
        gnu_hash_ = reinterpret_cast<const unsigned int*>(address);
        break;
      case kDtVersym:
        versym_ = reinterpret_cast<const unsigned short*>(address);
        break;
      case kDtVerdef:
        verdef_ = reinterpret_cast<const ElfVerdef*>(address);
        break;
    }
  }
  if (versym_ == nullptr || verdef_ == nullptr) versym_ = nullptr, verdef_ = nullptr;
  return strings_ != nullptr && symbols_ != nullptr && (hash_ != nullptr || gnu_hash_ != nullptr);
}

// DT_HASH states the count; DT_GNU_HASH implies it: symbols from symoffset
// on are grouped by bucket, and the last chain, from the highest bucket's
// start, ends at the entry whose low bit is set.
unsigned long VdsoImage::SymbolCount() const {
  if (hash_ != nullptr) return hash_[1];
  const unsigned int buckets = gnu_hash_[0], symoffset = gnu_hash_[1], bloom_words = gnu_hash_[2];
  const unsigned int* bucket = gnu_hash_ + 4 + kBloomWordInts * bloom_words;
  const unsigned int* chain = bucket + buckets;
  unsigned int last = 0;
  for (unsigned int b = 0; b < buckets; ++b) {
    if (bucket[b] > last) last = bucket[b];
  }
  if (last < symoffset) return symoffset;
  while ((chain[last - symoffset] & 1) == 0) ++last;
  return last + 1;
}

bool VdsoImage::HasVersion(unsigned long symbol) const {
  if (versym_ == nullptr) return true;  // an unversioned vDSO: any name matches
  const unsigned short index = versym_[symbol] & 0x7fff;
  for (const ElfVerdef* d = verdef_;;
       d = reinterpret_cast<const ElfVerdef*>(reinterpret_cast<const char*>(d) + d->vd_next)) {
    if ((d->vd_flags & kVerFlgBase) == 0 && (d->vd_ndx & 0x7fff) == index) {
      const auto* aux =
          reinterpret_cast<const ElfVerdaux*>(reinterpret_cast<const char*>(d) + d->vd_aux);
      return Equal(strings_ + aux->vda_name, kVersion);
    }
    if (d->vd_next == 0) return false;
  }
}

void* VdsoImage::Find(const char* suffix) const {
  const unsigned long count = SymbolCount();
  for (unsigned long i = 0; i < count; ++i) {
    const ElfSym& s = symbols_[i];
    const unsigned type = SymbolType(s.st_info), bind = SymbolBinding(s.st_info);
    if ((type != STT_FUNC && type != STT_NOTYPE) || (bind != STB_GLOBAL && bind != STB_WEAK) ||
        s.st_shndx == SHN_UNDEF) {
      continue;
    }
    if (IsPrefixed(strings_ + s.st_name, suffix) && HasVersion(i)) {
      return reinterpret_cast<void*>(load_offset_ + s.st_value);
    }
  }
  return nullptr;
}

// Points `*function` at the vDSO's function named PREFIX + suffix, or at
// null. Where function pointers point at descriptors, at the descriptor
// out->descriptors[slot], made of its code address (see
// VdsoSymbols::descriptors).
template <typename F>
void Bind(const VdsoImage& image, const char* suffix, F* function, VdsoSymbols* out, int slot) {
  void* code = image.Find(suffix);
#if SYSGATE_ARCH_FUNCTION_DESCRIPTORS
  if (code != nullptr) {
    VdsoSymbols::FunctionDescriptor& d = out->descriptors[slot];
    d.code = reinterpret_cast<unsigned long>(code);
    d.toc = d.environment = 0;
    code = &d;
  }
#else
  (void)out;
  (void)slot;
#endif
  *function = reinterpret_cast<F>(code);
}
#endif  // SYSGATE_ARCH_HAS_VDSO

const VdsoSymbols kNone{};

}  // namespace

bool ParseVdso(const void* base, VdsoSymbols* out) {
  // Field by field: a whole-struct assignment may call memset or memcpy,
  // which a program without libc lacks (the descriptors make it large).
  out->clock_gettime = nullptr;
  out->clock_getres = nullptr;
  out->gettimeofday = nullptr;
  out->time = nullptr;
  out->getcpu = nullptr;
  out->getrandom = nullptr;
#if SYSGATE_ARCH_HAS_VDSO
  VdsoImage image;
  if (base == nullptr || !image.Load(base)) return false;
  Bind(image, kClockGettime, &out->clock_gettime, out, 0);
  Bind(image, kClockGetres, &out->clock_getres, out, 1);
  Bind(image, "gettimeofday", &out->gettimeofday, out, 2);
  Bind(image, "time", &out->time, out, 3);
  Bind(image, "getcpu", &out->getcpu, out, 4);
  Bind(image, "getrandom", &out->getrandom, out, 5);
  return true;
#else
  // No vDSO on this architecture (its .abi's vdso is -): whatever is at
  // `base`, it has none of this kernel's functions.
  (void)base;
  return false;
#endif
}

namespace vdso_internal {

int state = 0;
VdsoSymbols symbols;

const VdsoSymbols& LookUpVdso() {
  // As in AuxvValue: one caller fills `symbols`; a caller that comes while
  // that is under way (perhaps a signal handler that interrupted it) gets no
  // vDSO this once and falls back to the system call.
  int expected = 0;
  if (!__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQUIRE,
                                   __ATOMIC_RELAXED)) {
    return expected == 2 ? symbols : kNone;
  }
#if SYSGATE_ARCH_HAS_VDSO
  ParseVdso(reinterpret_cast<const void*>(AuxvValue(AT_SYSINFO_EHDR)), &symbols);
#endif  // else `symbols` stays empty (and <asm/auxvec.h> has no AT_SYSINFO_EHDR)
  __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
  return symbols;
}

}  // namespace vdso_internal
}  // namespace sysgate
