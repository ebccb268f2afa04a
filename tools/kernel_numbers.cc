// SPDX-License-Identifier: Apache-2.0
#include "tools/kernel_numbers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

namespace sysgate::tool {
namespace {

constexpr char kPreprocessHint[] =
    "sysgate diff does not run the preprocessor; give it the preprocessor's output, "
    "`CC -E -dM -include asm/unistd.h - </dev/null` (see docs/tool.md)";

// asm-generic's unistd.h defines two __NR_ macros that are not system calls:
// the size of the table and the base of the architecture's own block
// (riscv_flush_icache is __NR_arch_specific_syscall + 15).
const char* const kNotSystemCalls[] = {"syscalls", "arch_specific_syscall"};

// The prefixes of a system call's number macro: every architecture's, and
// ARM's own block of private calls (__ARM_NR_set_tls, from 0x0f0001).
const char* const kNrPrefixes[] = {"__NR_", "__ARM_NR_"};

// A call's name from its number macro, or "" when the macro numbers no call.
// Upper-case names are bases and masks (ARM's __NR_SYSCALL_BASE,
// __ARM_NR_BASE), not calls.
std::string CallNamed(const std::string& macro) {
  for (const char* prefix : kNrPrefixes) {
    if (macro.rfind(prefix, 0) != 0) continue;
    std::string name = macro.substr(std::strlen(prefix));
    for (const char c : name) {
      if (std::isupper(static_cast<unsigned char>(c))) return "";
    }
    return name;
  }
  return "";
}

std::string Where(const std::string& path, int line) {
  return path + ":" + std::to_string(line) + ": ";
}

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool IsIdentifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!IsIdentifierChar(c)) return false;
  }
  return true;
}

bool IsNotSystemCall(const std::string& name) {
  for (const char* other : kNotSystemCalls) {
    if (name == other) return true;
  }
  return false;
}

// A directive line: `#keyword rest` (`# keyword` too, as nested ones are
// often written). A syscall table's comments ("# The format is:") start with
// no directive's keyword.
bool ParseDirective(const std::string& line, std::string* keyword, std::string* rest) {
  size_t at = line.find_first_not_of(" \t");
  if (at == std::string::npos || line[at] != '#') return false;
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos) return false;
  size_t end = at;
  while (end < line.size() && std::isalpha(static_cast<unsigned char>(line[end]))) ++end;
  static const char* const kKeywords[] = {"define", "undef", "include", "if",   "ifdef",
                                          "ifndef", "elif",  "else",    "endif"};
  std::string word = line.substr(at, end - at);
  for (const char* known : kKeywords) {
    if (word == known) {
      *keyword = word;
      *rest = line.substr(end);
      return true;
    }
  }
  return false;
}

// The line without its /* */ and // comments (a /* left open runs to the end:
// a #define's value never continues into a comment's next line).
std::string StripComments(const std::string& line) {
  std::string out;
  for (size_t i = 0; i < line.size();) {
    if (line.compare(i, 2, "//") == 0) break;
    if (line.compare(i, 2, "/*") == 0) {
      size_t close = line.find("*/", i + 2);
      if (close == std::string::npos) break;
      out += ' ';
      i = close + 2;
      continue;
    }
    out += line[i++];
  }
  return out;
}

std::string Trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

struct Macro {
  std::string value;
  int line;
};

// Evaluates object-like macros whose values are integer expressions of
// numbers, other macros, unary and binary + and -, and parentheses: every
// form the uapi headers use for system call numbers.
class MacroEvaluator {
 public:
  explicit MacroEvaluator(const std::map<std::string, Macro>& macros) : macros_(macros) {}

  // The value of macro `name`. On failure `*what` names the macro whose
  // value is at fault, and why.
  bool Evaluate(const std::string& name, long* value, std::string* what) {
    reported_ = false;
    return Value(name, value, what);
  }

 private:
  bool Value(const std::string& name, long* value, std::string* what) {
    auto macro = macros_.find(name);
    if (macro == macros_.end()) {
      *what = "uses " + name + ", which the file does not define";
      return false;
    }
    if (!expanding_.insert(name).second) {
      *what = "refers back to " + name;
      return false;
    }
    std::vector<std::string> tokens;
    size_t next = 0;
    bool ok = Tokenize(macro->second.value, &tokens, what) && Sum(tokens, &next, value, what);
    if (ok && next != tokens.size()) {
      *what = "unexpected `" + tokens[next] + "`";
      ok = false;
    }
    expanding_.erase(name);
    if (!ok && !reported_) {
      const std::string& text = macro->second.value;
      *what = name + (text.empty() ? "" : " `" + text + "`") + ": " + *what;
      reported_ = true;
    }
    return ok;
  }

  static bool Tokenize(const std::string& text, std::vector<std::string>* tokens,
                       std::string* what) {
    for (size_t i = 0; i < text.size();) {
      char c = text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (IsIdentifierChar(c)) {
        size_t end = i;
        while (end < text.size() && IsIdentifierChar(text[end])) ++end;
        tokens->push_back(text.substr(i, end - i));
        i = end;
      } else if (c == '+' || c == '-' || c == '(' || c == ')') {
        tokens->push_back(std::string(1, c));
        ++i;
      } else {
        *what = std::string("cannot evaluate `") + c + "`";
        return false;
      }
    }
    if (tokens->empty()) {
      *what = "has no value";
      return false;
    }
    return true;
  }

  bool Sum(const std::vector<std::string>& tokens, size_t* next, long* value, std::string* what) {
    if (!Term(tokens, next, value, what)) return false;
    while (*next < tokens.size() && (tokens[*next] == "+" || tokens[*next] == "-")) {
      bool minus = tokens[(*next)++] == "-";
      long rhs = 0;
      if (!Term(tokens, next, &rhs, what)) return false;
      if (minus ? __builtin_sub_overflow(*value, rhs, value)
                : __builtin_add_overflow(*value, rhs, value)) {
        *what = "out of range";
        return false;
      }
    }
    return true;
  }

  bool Term(const std::vector<std::string>& tokens, size_t* next, long* value, std::string* what) {
    if (*next == tokens.size()) {
      *what = "ends too early";
      return false;
    }
    const std::string& token = tokens[(*next)++];
    if (token == "+" || token == "-") {
      if (!Term(tokens, next, value, what)) return false;
      if (token == "-" && __builtin_sub_overflow(0L, *value, value)) {
        *what = "out of range";
        return false;
      }
      return true;
    }
    if (token == "(") {
      if (!Sum(tokens, next, value, what)) return false;
      if (*next == tokens.size() || tokens[*next] != ")") {
        *what = "has an unclosed (";
        return false;
      }
      ++*next;
      return true;
    }
    if (token == ")") {
      *what = "unexpected `)`";
      return false;
    }
    if (std::isdigit(static_cast<unsigned char>(token[0]))) return Number(token, value, what);
    return Value(token, value, what);
  }

  // A C integer literal: decimal, 0x hex or 0 octal, with any U/L suffix.
  static bool Number(const std::string& token, long* value, std::string* what) {
    errno = 0;
    char* end = nullptr;
    *value = std::strtol(token.c_str(), &end, 0);
    bool ok = errno == 0 && end != token.c_str();
    for (; ok && *end != '\0'; ++end) ok = std::strchr("uUlL", *end) != nullptr;
    if (!ok) *what = "bad number `" + token + "`";
    return ok;
  }

  const std::map<std::string, Macro>& macros_;
  std::set<std::string> expanding_;  // the macros being evaluated, to stop at a cycle
  bool reported_ = false;            // `what` already names the macro at fault
};

bool ReadDefines(const std::string& path, const std::vector<std::string>& lines, KernelNumbers* out,
                 std::string* error) {
  std::map<std::string, Macro> macros;
  // An include guard (`#ifndef X` then `#define X` as the first two
  // directives) is the one conditional allowed: it hides nothing.
  std::string guard;
  int guard_line = 0;
  int directives = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    int line = static_cast<int>(i) + 1;
    std::string keyword, rest;
    if (!ParseDirective(StripComments(lines[i]), &keyword, &rest)) continue;
    std::vector<std::string> words = Words(rest);
    std::string first = words.empty() ? "" : words[0];
    ++directives;
    if (directives == 1 && keyword == "ifndef") {
      guard = first;
      guard_line = line;
      continue;
    }
    if (directives == 2 && guard_line != 0) {
      if (keyword != "define" || first != guard) {
        *error = Where(path, guard_line) + "#ifndef " + guard + " hides rows; " + kPreprocessHint;
        return false;
      }
      continue;
    }
    if (keyword == "endif") continue;
    if (keyword == "include") {
      *error = Where(path, line) + "#include" + rest + ": " + kPreprocessHint;
      return false;
    }
    if (keyword != "define" && keyword != "undef") {
      *error = Where(path, line) + "#" + keyword + rest + " hides rows; " + kPreprocessHint;
      return false;
    }
    std::string trimmed = Trim(rest);
    size_t name_end = 0;
    while (name_end < trimmed.size() && IsIdentifierChar(trimmed[name_end])) ++name_end;
    std::string name = trimmed.substr(0, name_end);
    if (!IsIdentifier(name)) {
      *error = Where(path, line) + "#" + keyword + " without a macro name";
      return false;
    }
    if (keyword == "undef") {
      macros.erase(name);
    } else if (name_end == trimmed.size() || trimmed[name_end] != '(') {
      // Function-like macros (asm-generic's __SYSCALL(x, y)) number nothing.
      macros[name] = Macro{Trim(trimmed.substr(name_end)), line};
    }
  }
  MacroEvaluator evaluator(macros);
  for (const auto& [macro, definition] : macros) {
    const std::string name = CallNamed(macro);
    if (name.empty() || IsNotSystemCall(name)) continue;
    long number = 0;
    std::string what;
    if (!evaluator.Evaluate(macro, &number, &what)) {
      *error = Where(path, definition.line) + what;
      return false;
    }
    if (number < 0) {
      *error =
          Where(path, definition.line) + macro + " is negative (" + std::to_string(number) + ")";
      return false;
    }
    out->numbers[name] = number;
  }
  if (out->numbers.empty()) {
    *error = path + ": no #define __NR_ lines";
    return false;
  }
  return true;
}

bool ReadSyscallTable(const std::string& path, const std::vector<std::string>& lines,
                      const std::set<std::string>& abis, KernelNumbers* out, std::string* error) {
  std::map<std::string, int> line_of_name;
  std::map<long, std::pair<std::string, int>> owner_of_number;
  for (size_t i = 0; i < lines.size(); ++i) {
    int line = static_cast<int>(i) + 1;
    std::vector<std::string> cols = Words(lines[i].substr(0, lines[i].find('#')));
    if (cols.empty()) continue;
    if (cols.size() < 3) {
      *error = Where(path, line) + "expected <number> <abi> <name> [<entry point>...]";
      return false;
    }
    const std::string& number_text = cols[0];
    const std::string& abi = cols[1];
    const std::string& name = cols[2];
    // Nine digits keep the number a long on every host and exceed any table.
    if (number_text.size() > 9 ||
        number_text.find_first_not_of("0123456789") != std::string::npos) {
      *error = Where(path, line) + "bad number `" + number_text + "`";
      return false;
    }
    if (!IsIdentifier(name)) {
      *error = Where(path, line) + "bad system call name `" + name + "`";
      return false;
    }
    if (abis.count(abi) == 0) {
      ++out->skipped_abis[abi];
      continue;
    }
    long number = std::strtol(number_text.c_str(), nullptr, 10);
    if (auto first = line_of_name.find(name); first != line_of_name.end()) {
      *error = Where(path, line) + name + " is listed twice (first at line " +
               std::to_string(first->second) + ")";
      return false;
    }
    if (auto owner = owner_of_number.find(number); owner != owner_of_number.end()) {
      *error = Where(path, line) + "number " + number_text + " is taken by " + owner->second.first +
               " (line " + std::to_string(owner->second.second) + ")";
      return false;
    }
    line_of_name[name] = line;
    owner_of_number[number] = {name, line};
    out->numbers[name] = number;
  }
  if (out->numbers.empty()) {
    std::string wanted;
    for (const std::string& abi : abis) wanted += (wanted.empty() ? "" : " or ") + abi;
    *error = path + ": no rows of ABI " + wanted;
    return false;
  }
  return true;
}

const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// The whole of a regular file of at most kMaxFileBytes into *text. Opened
// without blocking, so that a FIFO is refused rather than waited on, and
// read to at most one byte past the limit, so that a file growing as it is
// read (or one whose size the kernel reports as 0) cannot make it unbounded.
bool ReadBounded(const std::string& path, std::string* text, std::string* error) {
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  struct stat st;
  bool ok = fstat(fd, &st) == 0;
  if (!ok) {
    *error = path + ": " + std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    *error = path + ": " + FileKind(st.st_mode) + ", not a syscall table or header";
    ok = false;
  }
  text->clear();
  char buffer[1 << 16];
  while (ok) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = path + ": " + std::strerror(errno);
      ok = false;
    } else if (n == 0) {
      break;
    } else if (text->size() + static_cast<size_t>(n) > kMaxFileBytes) {
      *error = path + ": larger than " + std::to_string(kMaxFileBytes >> 20) +
               " MiB, more than any syscall table or header";
      ok = false;
    } else {
      text->append(buffer, static_cast<size_t>(n));
    }
  }
  close(fd);
  return ok;
}

}  // namespace

bool ReadKernelNumbers(const std::string& path, const std::set<std::string>& abis,
                       KernelNumbers* out, std::string* error) {
  std::string text;
  if (!ReadBounded(path, &text, error)) return false;
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    *error = Where(path, 1 + static_cast<int>(std::count(text.begin(), text.begin() + nul, '\n'))) +
             "a NUL byte: a binary file, not a syscall table or header";
    return false;
  }
  // A syscall table has no #define or #include; its other `#` lines are
  // comments to the kernel's own reader (scripts/syscalltbl.sh), #ifdef too.
  std::vector<std::string> lines;
  bool is_header = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string keyword, rest;
    is_header = is_header || (ParseDirective(line, &keyword, &rest) &&
                              (keyword == "define" || keyword == "include"));
    lines.push_back(std::move(line));
  }
  *out = KernelNumbers();
  out->from_header = is_header;
  return is_header ? ReadDefines(path, lines, out, error)
                   : ReadSyscallTable(path, lines, abis, out, error);
}

std::string Printable(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string shown;
  for (const char c : text) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte == '\\') {
      shown += "\\\\";
    } else if (byte < 0x20 || byte >= 0x7f) {
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 0xf];
    } else {
      shown += c;
    }
  }
  return shown;
}

}  // namespace sysgate::tool
