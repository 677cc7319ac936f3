#pragma once
// Questionnaires as stored: imported once per id@version, immutable once a
// campaign uses them.
#include <string>
#include <vector>

#include "schema/database.hpp"
#include "survey/questionnaire.hpp"

namespace syscensus::survey {

struct StoredQuestionnaire {
  long long id = 0;
  Questionnaire questionnaire;
  std::string imported_at;
  long long campaigns = 0;  ///< campaigns using it
};

enum class ImportOutcome { created, replaced, unchanged };

/// Stores a questionnaire. The same id@version again: unchanged when identical,
/// replaced when different and no campaign uses it, else Conflict.
ImportOutcome import_questionnaire(schema::Database& db, const Questionnaire& questionnaire,
                                   const std::string& actor);

/// Every stored questionnaire, by id and version.
std::vector<StoredQuestionnaire> list_questionnaires(schema::Database& db);

/// "ID@VERSION", or "ID" for its latest version; throws NotFound.
StoredQuestionnaire get_questionnaire(schema::Database& db, const std::string& ref);

/// The questionnaire with this row id (for campaigns); throws NotFound.
StoredQuestionnaire get_questionnaire_by_id(schema::Database& db, long long id);

}  // namespace syscensus::survey
