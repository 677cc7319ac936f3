#pragma once
// What a round holds for one system, and the template a province fills in.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "registry/scope.hpp"
#include "schema/database.hpp"
#include "survey/questionnaire.hpp"
#include "survey/scoring.hpp"

namespace syscensus::survey {

/// Writes the CSV a province fills in: one row per frozen system of `province`
/// in the campaign (code and name for orientation), one column per question,
/// non-applicable cells marked. Throws NotFound for a campaign or province
/// outside the scope; returns the number of rows.
std::size_t write_template(schema::Database& db, const std::string& campaign, const std::string& province,
                           const registry::Scope& scope, std::ostream& out);

struct SubmissionInfo {
  long long id = 0;
  long long upload_id = 0;
  std::string submitted_at;
  std::string actor;
  std::string source;
  long long source_row = 0;
  bool current = false;
  std::optional<double> score;
};

/// Every submission of the system in the round, oldest first. Throws NotFound
/// (unknown campaign, or a system the round or the scope does not cover).
std::vector<SubmissionInfo> submission_history(schema::Database& db, const std::string& campaign,
                                               const std::string& system, const registry::Scope& scope);

struct SubmissionView {
  SubmissionInfo info;
  Questionnaire questionnaire;
  std::vector<AnswerCell> answers;             ///< per question
  std::vector<std::optional<double>> groups;   ///< per section
};

/// The current submission; throws NotFound as above, or when none was received.
SubmissionView current_submission(schema::Database& db, const std::string& campaign, const std::string& system,
                                  const registry::Scope& scope);

}  // namespace syscensus::survey
