#pragma once
// UTF-8 text: validation, normalisation, accent-insensitive search keys and
// terminal display width (utf8proc underneath).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace syscensus::common {

/// Byte offset of the first invalid UTF-8 sequence, or nullopt when valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

/// NFC form of valid UTF-8 text (the form every stored text takes).
std::string nfc(std::string_view text);

/// Search key: NFC, diacritics stripped, case folded, đ/Đ to d,
/// so "Hà Nội", "ha noi" and "HA NOI" give the same key.
std::string search_key(std::string_view text);

/// Text with leading and trailing ASCII whitespace removed.
std::string_view trim(std::string_view text);

/// Terminal columns the text takes (wide characters count 2, marks 0).
std::size_t display_width(std::string_view text);

/// The text cut to at most `width` terminal columns, ending in "…" when cut.
std::string fit_width(std::string_view text, std::size_t width);

}  // namespace syscensus::common
