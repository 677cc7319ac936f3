#include "common/csv.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "common/text.hpp"

namespace syscensus::common {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr int kEof = -1;

constexpr const char* kUtf8Hint =
    "save the file as UTF-8; legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) are not "
    "accepted";
constexpr const char* kQuoteHint =
    "enclose the whole value in double quotes and double the quotes inside";

// Reads the stream in fixed chunks so memory does not depend on the file size.
class ByteSource {
 public:
  explicit ByteSource(std::istream& in) : in_(in), buf_(kChunkBytes) {}

  int peek() {
    if (pos_ == end_ && !fill()) return kEof;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  int get() {
    const int c = peek();
    if (c != kEof) {
      ++pos_;
      ++offset_;
    }
    return c;
  }
  // Up to n buffered bytes; only used at the start of the file, where the
  // first chunk holds them.
  std::string_view lookahead(std::size_t n) {
    peek();
    return {buf_.data() + pos_, std::min(n, end_ - pos_)};
  }
  void skip(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) get();
  }
  std::size_t offset() const { return offset_; }

 private:
  bool fill() {
    if (!in_) return false;
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    pos_ = 0;
    end_ = static_cast<std::size_t>(in_.gcount());
    return end_ > 0;
  }

  std::istream& in_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t offset_ = 0;
};

bool looks_like_utf16(std::string_view head) {
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return true;
  if (head.size() < 2) return false;
  const bool le = head[0] != 0 && head[1] == 0 && (head.size() < 4 || head[3] == 0);
  const bool be = head[0] == 0 && head[1] != 0 && (head.size() < 4 || head[2] == 0);
  return le || be;
}

// Length of an Excel `sep=;` line at the start of `head`, or 0.
std::size_t sep_line_length(std::string_view head) {
  if (head.size() < 5) return 0;
  std::string prefix(head.substr(0, 4));
  std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  if (prefix != "sep=" || (head[4] != ',' && head[4] != ';')) return 0;
  if (head.size() == 5) return 5;
  if (head.substr(5).starts_with("\r\n")) return 7;
  return head[5] == '\r' || head[5] == '\n' ? 6 : 0;
}

// Case-insensitive form of a column name, for spotting duplicates.
std::string fold_name(const std::string& name) {
  utf8proc_uint8_t* out = nullptr;
  const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                static_cast<utf8proc_ssize_t>(name.size()), &out,
                                static_cast<utf8proc_option_t>(
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
  if (len < 0) return name;
  std::string folded(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
  std::free(out);
  return folded;
}

bool all_empty(const std::vector<std::string>& fields, std::size_t from = 0) {
  return std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(from), fields.end(),
                     [](const std::string& f) { return f.empty(); });
}

bool all_blank(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(),
                     [](const std::string& f) { return trim(f).empty(); });
}

std::string count_of(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// C0 controls but tab and line breaks, DEL, and the C1 controls U+0080-U+009F
// (UTF-8 C2 80 - C2 9F): invisible in a spreadsheet, never meant as data.
std::optional<std::size_t> control_char(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto b = static_cast<unsigned char>(value[i]);
    if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) return b;
    if (b == 0xC2 && i + 1 < value.size()) {
      const auto next = static_cast<unsigned char>(value[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return next;
    }
  }
  return std::nullopt;
}

enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };

}  // namespace

struct CsvReader::Impl {
  Impl(std::istream& in, CsvLimits lim) : src(in), limits(lim) {}

  ByteSource src;
  CsvLimits limits;
  char delim = 0;  // 0 while the header is read: both , and ; split it
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::vector<std::string> header;
  std::vector<Issue> issues;
  bool failed = false;
  std::size_t row = 0;
  std::size_t line = 1;

  std::vector<std::string> fields;
  std::size_t record_line = 0;
  std::size_t record_start = 0;
  bool utf8_reported = false;

  // The field being read. `skips` holds the content positions before which a
  // quote byte of the file was dropped, to map content back to file offsets.
  std::size_t field_start = 0;
  std::size_t quote_line = 0;
  std::vector<std::size_t> skips;
  const char* stray = nullptr;

  void read_header();
  bool check_encoding();
  void read_sep_line();
  void check_names();
  bool read_record();
  bool step(int c, State& state);
  bool quoted_byte(int c, State& state);
  bool unquoted_byte(int c, State& state);
  bool begin_field();
  bool end_field();
  bool append(char c);
  void check_width();
  bool is_delimiter(int c);
  void end_line(int c);

  std::string column_name(std::size_t col) const {
    return col >= 1 && col <= header.size() ? header[col - 1] : std::string();
  }
  Issue issue_at(std::size_t col, std::string code, std::string message, std::string hint = {}) {
    return Issue{row, col, column_name(col), std::nullopt, std::move(code), std::move(message),
                 std::move(hint)};
  }
  void add(Issue issue) { issues.push_back(std::move(issue)); }
  bool fail(Issue issue) {
    add(std::move(issue));
    failed = true;
    return false;
  }
};

bool CsvReader::Impl::check_encoding() {
  const auto head = src.lookahead(4);
  if (head.starts_with("\xEF\xBB\xBF")) {
    src.skip(3);
    return true;
  }
  if (!looks_like_utf16(head)) return true;
  return fail(Issue{0, 0, {}, std::nullopt, "utf16", "the file is UTF-16 (\"Unicode text\")",
                    "save it as \"CSV UTF-8 (comma delimited)\""});
}

void CsvReader::Impl::read_sep_line() {
  const std::size_t len = sep_line_length(src.lookahead(7));
  if (len == 0) return;
  delim = src.lookahead(5)[4];
  src.skip(len);
  if (len > 5) ++line;
}

void CsvReader::Impl::read_header() {
  if (!check_encoding()) return;
  read_sep_line();
  do {
    row = 0;  // blank lines before the header are not part of the table
    if (!read_record()) {
      if (!failed) fail(Issue{0, 0, {}, std::nullopt, "empty_file", "the file is empty", {}});
      return;
    }
  } while (all_blank(fields));
  if (delim == 0) {
    if (commas > 0 && semicolons > 0) {
      fail(issue_at(0, "ambiguous_delimiter", "the header has both commas and semicolons",
                    "use one delimiter, or add a first line \"sep=;\""));
      return;
    }
    delim = semicolons > 0 ? ';' : ',';
  }
  for (const auto& name : fields) header.emplace_back(trim(name));
  check_names();
}

void CsvReader::Impl::check_names() {
  std::vector<std::string> folded;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::size_t col = i + 1;
    folded.push_back(fold_name(header[i]));
    if (header[i].empty()) {
      add(Issue{1, col, {}, std::nullopt, "empty_header",
                "column " + std::to_string(col) + " has no name",
                "name the column, or delete it if it is not needed"});
      continue;
    }
    const auto first = std::find(folded.begin(), folded.end() - 1, folded.back());
    if (first == folded.end() - 1) continue;
    const auto first_col = static_cast<std::size_t>(first - folded.begin()) + 1;
    add(Issue{1, col, {}, header[i], "duplicate_column",
              "column name used twice (columns " + std::to_string(first_col) + " and " +
                  std::to_string(col) + ")",
              "give each column a different name"});
  }
}

bool CsvReader::Impl::is_delimiter(int c) {
  if (delim != 0) return c == delim;
  if (c == ',') {
    ++commas;
  } else if (c == ';') {
    ++semicolons;
  } else {
    return false;
  }
  return true;
}

void CsvReader::Impl::end_line(int c) {
  if (c == '\r' && src.peek() == '\n') src.get();
  ++line;
}

bool CsvReader::Impl::read_record() {
  if (src.peek() == kEof) return false;
  ++row;
  record_line = line;
  record_start = src.offset();
  commas = semicolons = 0;
  utf8_reported = false;
  fields.clear();
  if (!begin_field()) return false;
  State state = State::kFieldStart;
  for (;;) {
    const int c = src.get();
    if (c == kEof && state == State::kQuoted) {
      return fail(issue_at(fields.size(), "unterminated_quote",
                           "quoted value never closed (opened on line " +
                               std::to_string(quote_line) + ")",
                           "add the closing double quote"));
    }
    if (c == kEof) return end_field();
    if (src.offset() - record_start > limits.max_record_bytes) {
      return fail(issue_at(0, "record_too_long",
                           "record longer than " + std::to_string(limits.max_record_bytes) +
                               " bytes"));
    }
    if (state != State::kQuoted && (c == '\r' || c == '\n')) {
      end_line(c);
      return end_field();
    }
    if (!step(c, state)) return false;
  }
}

bool CsvReader::Impl::step(int c, State& state) {
  if (state == State::kQuoted) return quoted_byte(c, state);
  if (is_delimiter(c)) {
    state = State::kFieldStart;
    return end_field() && begin_field();
  }
  return unquoted_byte(c, state);
}

bool CsvReader::Impl::quoted_byte(int c, State& state) {
  if (c == '"') {
    skips.push_back(fields.back().size());
    if (src.peek() != '"') {
      state = State::kAfterQuote;
      return true;
    }
    src.get();
  } else if (c == '\n' || (c == '\r' && src.peek() != '\n')) {
    ++line;
  }
  return append(static_cast<char>(c));
}

bool CsvReader::Impl::unquoted_byte(int c, State& state) {
  if (state == State::kFieldStart && c == '"') {
    skips.push_back(0);
    quote_line = line;
    state = State::kQuoted;
    return true;
  }
  if (state == State::kAfterQuote && !stray) stray = "text after a closing quote";
  if (state == State::kUnquoted && c == '"' && !stray) stray = "quote inside an unquoted value";
  state = State::kUnquoted;
  return append(static_cast<char>(c));
}

bool CsvReader::Impl::begin_field() {
  if (fields.size() >= limits.max_columns) {
    return fail(issue_at(0, "too_many_columns",
                         "more than " + std::to_string(limits.max_columns) + " columns"));
  }
  fields.emplace_back();
  field_start = src.offset();
  skips.clear();
  stray = nullptr;
  return true;
}

bool CsvReader::Impl::append(char c) {
  std::string& field = fields.back();
  if (field.size() >= limits.max_field_bytes) {
    const bool quoted = !skips.empty() && skips.front() == 0;
    return fail(issue_at(fields.size(), "field_too_long",
                         "value longer than " + std::to_string(limits.max_field_bytes) + " bytes",
                         quoted ? "check that the quote opened on line " +
                                      std::to_string(quote_line) + " is closed"
                                : std::string()));
  }
  field.push_back(c);
  return true;
}

// Checks the finished field; never fails, but returns bool to chain with begin_field.
bool CsvReader::Impl::end_field() {
  const std::string& value = fields.back();
  const std::size_t col = fields.size();
  if (stray) {
    auto issue = issue_at(col, "stray_quote", stray, kQuoteHint);
    issue.value = value;
    add(std::move(issue));
  }
  if (const auto bad = invalid_utf8_offset(value); bad && !utf8_reported) {
    const auto dropped = std::upper_bound(skips.begin(), skips.end(), *bad) - skips.begin();
    const std::size_t at = field_start + *bad + static_cast<std::size_t>(dropped);
    add(issue_at(col, "bad_utf8", "invalid UTF-8 at byte " + std::to_string(at), kUtf8Hint));
    utf8_reported = true;
  }
  if (const auto cc = control_char(value)) {
    char message[48];
    std::snprintf(message, sizeof message, "control character U+%04zX in the value", *cc);
    auto issue = issue_at(col, "control_char", message,
                          "remove the invisible character (often pasted from another program)");
    issue.value = value;
    add(std::move(issue));
  }
  return true;
}

void CsvReader::Impl::check_width() {
  const std::size_t width = header.size();
  if (fields.size() == width) return;
  if (fields.size() > width && all_empty(fields, width)) {
    fields.resize(width);
    return;
  }
  add(issue_at(0, "ragged_row",
               count_of(fields.size(), "value") + ", but the header has " +
                   count_of(width, "column"),
               fields.size() > width ? "enclose values that contain the delimiter in double quotes"
                                     : std::string()));
}

CsvReader::CsvReader(std::istream& in, CsvLimits limits)
    : impl_(std::make_unique<Impl>(in, limits)) {
  impl_->read_header();
}

CsvReader::~CsvReader() = default;

const std::vector<std::string>& CsvReader::header() const { return impl_->header; }

char CsvReader::delimiter() const { return impl_->delim; }

bool CsvReader::next(CsvRecord& record) {
  Impl& m = *impl_;
  if (m.failed) return false;
  while (m.read_record()) {
    if (all_empty(m.fields)) continue;
    m.check_width();
    record.row = m.row;
    record.line = m.record_line;
    record.fields = std::move(m.fields);
    m.fields = {};
    return true;
  }
  return false;
}

const std::vector<Issue>& CsvReader::issues() const { return impl_->issues; }

bool CsvReader::failed() const { return impl_->failed; }

std::size_t CsvReader::bytes_read() const { return impl_->src.offset(); }

}  // namespace syscensus::common
