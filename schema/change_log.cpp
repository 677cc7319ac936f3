#include "schema/change_log.hpp"

#include "common/date.hpp"
#include "schema/bulk.hpp"
#include "schema/query.hpp"

namespace syscensus::schema {

void append_changes(Database& db, const std::string& actor, const std::vector<Change>& changes,
                    const std::string& at) {
  if (changes.empty()) return;
  const std::string stamp = at.empty() ? common::now_utc() : at;
  BulkWriter writer(db, "changes", {"at", "actor", "kind", "code", "op", "source", "source_row", "before_json",
                                    "after_json"});
  for (const Change& c : changes) {
    writer.add({stamp, actor, c.kind, c.code, c.op, c.source,
                c.source_row ? std::optional<std::string>(std::to_string(*c.source_row)) : std::nullopt, c.before,
                c.after});
  }
  writer.finish();
}

void for_each_change(Database& db, const ChangeQuery& query, const std::function<void(const ChangeEntry&)>& fn) {
  std::string sql =
      "SELECT seq, at, actor, kind, code, op, source, source_row, before_json, after_json"
      " FROM changes WHERE seq > :since";
  std::vector<Param> params{{"since", query.since}};
  if (!query.kind.empty()) {
    sql += " AND kind = :kind";
    params.push_back({"kind", query.kind});
  }
  if (!query.code.empty()) {
    sql += " AND code = :code";
    params.push_back({"code", query.code});
  }
  sql += " ORDER BY seq";
  if (query.limit > 0) {
    sql += " LIMIT :limit";
    params.push_back({"limit", query.limit});
  }
  ChangeEntry e;
  for_each_row_batched(db, sql, 10, params, [&](const Row& r) {
    e.seq = std::stoll(*r[0]);
    e.at = r[1].value_or("");
    e.actor = r[2].value_or("");
    e.change = {r[3].value_or(""), r[4].value_or(""), r[5].value_or(""), r[6],
                r[7] ? std::optional<long long>(std::stoll(*r[7])) : std::nullopt, r[8], r[9]};
    fn(e);
  }, query.limit);
}

std::vector<ChangeEntry> read_changes(Database& db, const ChangeQuery& query) {
  std::vector<ChangeEntry> entries;
  for_each_change(db, query, [&entries](const ChangeEntry& e) { entries.push_back(e); });
  return entries;
}

}  // namespace syscensus::schema
