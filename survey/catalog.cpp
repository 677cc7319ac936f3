#include "survey/catalog.hpp"

#include "common/date.hpp"
#include "common/error.hpp"
#include "schema/change_log.hpp"
#include "schema/query.hpp"
#include "schema/transaction.hpp"

namespace syscensus::survey {
namespace {

constexpr const char* kSelect =
    "SELECT q.id, q.document, q.imported_at,"
    " (SELECT count(*) FROM campaigns c WHERE c.questionnaire_id = q.id) FROM questionnaires q";

std::vector<StoredQuestionnaire> query(schema::Database& db, const std::string& where,
                                       const std::vector<schema::Param>& params) {
  std::vector<StoredQuestionnaire> out;
  schema::for_each_row(db.session(), kSelect + where, 4, params, [&out](const schema::Row& r) {
    out.push_back({std::stoll(*r[0]), parse_questionnaire(*r[1]), r[2].value_or(""), std::stoll(*r[3])});
  });
  return out;
}

}  // namespace

ImportOutcome import_questionnaire(schema::Database& db, const Questionnaire& q, const std::string& actor) {
  const std::string document = questionnaire_json(q);
  schema::WriteTransaction tx(db);
  auto existing = query(db, " WHERE q.code = :code AND q.version = :version",
                        {{"code", q.id}, {"version", static_cast<long long>(q.version)}});
  ImportOutcome outcome = ImportOutcome::created;
  if (!existing.empty()) {
    const StoredQuestionnaire& old = existing.front();
    if (questionnaire_json(old.questionnaire) == document) return ImportOutcome::unchanged;
    if (old.campaigns > 0)
      throw common::Conflict("questionnaire " + q.key() + " is used by " + std::to_string(old.campaigns) +
                             " campaign(s) and cannot change; import it as version " +
                             std::to_string(q.version + 1));
    schema::execute(db.session(), "UPDATE questionnaires SET title = :title, document = :doc, imported_at = :at"
                                  " WHERE id = :id",
                    {{"title", q.title}, {"doc", document}, {"at", common::now_utc()}, {"id", old.id}});
    outcome = ImportOutcome::replaced;
  } else {
    schema::execute(db.session(), "INSERT INTO questionnaires (code, version, title, document, imported_at)"
                                  " VALUES (:code, :version, :title, :doc, :at)",
                    {{"code", q.id}, {"version", static_cast<long long>(q.version)}, {"title", q.title},
                     {"doc", document}, {"at", common::now_utc()}});
  }
  schema::append_changes(db, actor, {{"questionnaire", q.key(), outcome == ImportOutcome::created ? "create" : "update",
                                      std::nullopt, std::nullopt, std::nullopt, std::nullopt}});
  tx.commit();
  return outcome;
}

std::vector<StoredQuestionnaire> list_questionnaires(schema::Database& db) {
  return query(db, " ORDER BY q.code, q.version", {});
}

StoredQuestionnaire get_questionnaire(schema::Database& db, const std::string& ref) {
  const auto at = ref.find('@');
  std::vector<StoredQuestionnaire> found;
  if (at == std::string::npos) {
    found = query(db, " WHERE q.code = :code ORDER BY q.version DESC", {{"code", ref}});
  } else {
    long long version = 0;
    try {
      version = std::stoll(ref.substr(at + 1));
    } catch (const std::exception&) {
      throw common::InvalidInput("\"" + ref + "\" is not a questionnaire reference; write ID or ID@VERSION");
    }
    found = query(db, " WHERE q.code = :code AND q.version = :version",
                  {{"code", ref.substr(0, at)}, {"version", version}});
  }
  if (found.empty()) throw common::NotFound("no questionnaire \"" + ref + "\"");
  return found.front();
}

StoredQuestionnaire get_questionnaire_by_id(schema::Database& db, long long id) {
  auto found = query(db, " WHERE q.id = :id", {{"id", id}});
  if (found.empty()) throw common::NotFound("no questionnaire with id " + std::to_string(id));
  return found.front();
}

}  // namespace syscensus::survey
