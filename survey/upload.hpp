#pragma once
// A province's survey CSV: one row per system, one column per question id.
// Read and checked completely (every problem collected); if any, nothing is
// written; else one transaction stores the answers, supersedes earlier
// submissions (kept as history), scores them and writes the change log.
#include <istream>
#include <string>

#include "common/progress.hpp"
#include "registry/scope.hpp"
#include "schema/database.hpp"

namespace syscensus::survey {

struct UploadOptions {
  std::string source;      ///< file name for messages and the change log
  std::string actor;
  registry::Scope scope;   ///< who uploads: a province may only answer for its own systems
  bool dry_run = false;
  common::ProgressFn progress = {};  ///< told of rows read and of the storing stage
};

struct UploadReceipt {
  std::string campaign;
  std::string scope;          ///< the uploader's scope, e.g. province:79
  std::string content_hash;   ///< SHA-256 of the file's bytes
  std::size_t rows = 0;
  std::size_t created = 0;    ///< systems answering for the first time in this round
  std::size_t replaced = 0;   ///< systems whose earlier submission this one supersedes
  std::size_t unchanged = 0;  ///< systems whose answers were already stored
  long long upload_id = 0;    ///< 0 when nothing was written
  bool dry_run = false;
};

/// The column naming the system; `system_name` may follow for orientation.
inline constexpr const char* kSystemColumn = "system";
inline constexpr const char* kSystemNameColumn = "system_name";
/// What a template puts in cells whose question does not apply.
inline constexpr const char* kNotApplicableMark = "—";

/// Throws InvalidInput carrying every issue (row, column, value, message) of
/// the rows checked (see common::kMaxIssues), NotFound for an unknown campaign,
/// Forbidden for a read-only scope.
UploadReceipt upload_survey(schema::Database& db, const std::string& campaign, std::istream& in,
                            const UploadOptions& options);

}  // namespace syscensus::survey
