// Values and records without end, as a broken export or a hostile upload
// sends them: refused after the limit, having read little more than the limit,
// with nothing written. Generated, not stored: the files would be huge.
#include <catch2/catch.hpp>

#include <istream>
#include <streambuf>

#include "common/error.hpp"
#include "hardening/corpus_support.hpp"
#include "registry/import.hpp"
#include "survey/upload.hpp"

using namespace syscensus;
using namespace syscensus::hardening;

namespace {

constexpr std::size_t kKiB = 1024;

// A head, then `unit` repeated for ever; counts what it handed out.
class EndlessCsv : public std::streambuf {
 public:
  EndlessCsv(std::string head, const std::string& unit) : chunk_(std::move(head)) {
    while (repeat_.size() < 16 * kKiB) repeat_ += unit;
  }
  std::size_t produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (produced_ > 0) chunk_ = repeat_;
    produced_ += chunk_.size();
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::string chunk_;
  std::string repeat_;
  std::size_t produced_ = 0;
};

struct Outcome {
  Lines messages;
  std::size_t produced = 0;
};

const std::string kHeader = "code,name,owner,category,dossier_status,internet_facing,lifecycle\n";

// Imports the endless file as systems; checks that it is refused and that nothing changed.
Outcome import_endless(const std::string& head, const std::string& unit) {
  const Corpus corpus;
  const Signature before = corpus.signature();
  EndlessCsv source(head, unit);
  std::istream in(&source);
  Outcome outcome;
  schema::Database db = corpus.open();
  try {
    registry::import_systems(db, in, {"t.csv", "test", false});
    FAIL("an endless file was accepted");
  } catch (const common::InvalidInput& e) {
    for (const auto& issue : e.issues()) outcome.messages.push_back(common::format_issue("t.csv", issue));
  }
  outcome.produced = source.produced();
  CHECK(corpus.changes_since(before) == Lines{});
  return outcome;
}

}  // namespace

TEST_CASE("corpus: a value without end is refused at 64 KiB", "[corpus][limits]") {
  const Outcome unquoted = import_endless(kHeader + "HCM-9001,", "x");
  CHECK(unquoted.messages == Lines{"t.csv:2:2: name: value longer than 65536 bytes"});
  CHECK(unquoted.produced < 256 * kKiB);

  const Outcome quoted = import_endless(kHeader + "HCM-9001,\"", "Dòng chưa đóng ngoặc\r\n");
  CHECK(quoted.messages ==
        Lines{"t.csv:2:2: name: value longer than 65536 bytes; check that the quote opened on line 2 is closed"});
  CHECK(quoted.produced < 256 * kKiB);
}

TEST_CASE("corpus: a record without end is refused at 1 MiB, a row of columns at 4096", "[corpus][limits]") {
  const Outcome wide = import_endless(kHeader, std::string(999, 'x') + ",");
  CHECK(wide.messages == Lines{"t.csv:2: record longer than 1048576 bytes"});
  CHECK(wide.produced < 1024 * kKiB + 256 * kKiB);

  const Outcome columns = import_endless(kHeader, ",");
  CHECK(columns.messages == Lines{"t.csv:2: more than 4096 columns"});
  CHECK(columns.produced < 256 * kKiB);

  const Outcome header = import_endless("code,name,", "c,");
  CHECK(header.messages == Lines{"t.csv:1: more than 4096 columns"});
  CHECK(header.produced < 256 * kKiB);
}

TEST_CASE("corpus: a survey upload without end is refused at 64 KiB", "[corpus][limits][survey]") {
  const Corpus corpus;
  const Signature before = corpus.signature();
  // The header of samples/uploads/R2026_79.csv, then a system_name that never ends.
  EndlessCsv source(corpus_bytes("survey_header_only.csv") + "HCM-0009,", "Hệ thống ");
  std::istream in(&source);
  schema::Database db = corpus.open();
  Lines messages;
  try {
    survey::upload_survey(db, "R2026", in, {"u.csv", "test", {registry::Role::province, "79"}, false});
    FAIL("an endless upload was accepted");
  } catch (const common::InvalidInput& e) {
    for (const auto& issue : e.issues()) messages.push_back(common::format_issue("u.csv", issue));
  }
  CHECK(messages == Lines{"u.csv:2:2: system_name: value longer than 65536 bytes"});
  CHECK(source.produced() < 256 * kKiB);
  CHECK(corpus.changes_since(before) == Lines{});
}
