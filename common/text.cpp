#include "common/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace syscensus::common {
namespace {

using Byte = unsigned char;

bool is_cont(Byte b) { return (b & 0xC0) == 0x80; }

// Length of the valid UTF-8 sequence at `i`, or 0. The second byte ranges
// exclude overlong forms, UTF-16 surrogates and code points above U+10FFFF.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<Byte>(s[i]);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  Byte lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  const auto b1 = static_cast<Byte>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_cont(static_cast<Byte>(s[i + k]))) return 0;
  }
  return len;
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<Byte>(c) >= 0x80) return false;
  }
  return true;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// utf8proc_map with an explicit length, so embedded NUL bytes do not cut the text.
std::optional<std::string> map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  const auto* in = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const auto len = utf8proc_map(in, static_cast<utf8proc_ssize_t>(text.size()), &out,
                                static_cast<utf8proc_option_t>(options));
  if (len < 0) return std::nullopt;
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
}

bool is_space(utf8proc_int32_t cp) {
  if (cp < 0x80) return is_ascii_space(static_cast<char>(cp));
  const auto cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
         cat == UTF8PROC_CATEGORY_ZP;
}

// Calls f(code point, byte length) for each code point; an invalid byte is
// passed as -1 with length 1.
template <typename F>
void for_each_code_point(std::string_view s, F f) {
  for (std::size_t i = 0; i < s.size();) {
    utf8proc_int32_t cp = -1;
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i);
    auto len = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (len <= 0) {
      cp = -1;
      len = 1;
    }
    if (!f(cp, static_cast<std::size_t>(len))) return;
    i += static_cast<std::size_t>(len);
  }
}

std::size_t char_width(utf8proc_int32_t cp) {
  if (cp < 0) return 1;
  const int w = utf8proc_charwidth(cp);
  return w > 0 ? static_cast<std::size_t>(w) : 0;
}

// Folded text to key: đ to d (no decomposition exists for it), whitespace
// runs (including no-break spaces from spreadsheets) to one space, trimmed.
std::string collapse(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  std::size_t i = 0;
  for_each_code_point(folded, [&](utf8proc_int32_t cp, std::size_t len) {
    if (cp >= 0 && is_space(cp)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      if (cp == 0x0111 || cp == 0x0110) {
        out += 'd';
      } else {
        out.append(folded.substr(i, len));
      }
    }
    i += len;
    return true;
  });
  return out;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

std::string nfc(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  auto mapped = map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
  return mapped ? *mapped : std::string(text);
}

std::string search_key(std::string_view text) {
  if (is_ascii(text)) {  // most codes and many names: no need to decode
    std::string lowered(text);
    for (char& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return collapse(lowered);
  }
  auto folded = map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK |
                              UTF8PROC_CASEFOLD);
  if (folded) return collapse(*folded);
  // Invalid UTF-8: fold what can be folded without decoding.
  std::string lowered(text);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return collapse(lowered);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for_each_code_point(text, [&](utf8proc_int32_t cp, std::size_t) {
    width += char_width(cp);
    return true;
  });
  return width;
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  const std::size_t budget = width - 1;  // "…" takes one column
  std::size_t used = 0;
  std::size_t bytes = 0;
  for_each_code_point(text, [&](utf8proc_int32_t cp, std::size_t len) {
    const std::size_t w = char_width(cp);
    if (used + w > budget) return false;
    used += w;
    bytes += len;
    return true;
  });
  return std::string(text.substr(0, bytes)) + "…";
}

}  // namespace syscensus::common
