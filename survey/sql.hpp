#pragma once
// The survey's SQL, portable between SQLite and PostgreSQL.
namespace syscensus::survey::sql {

inline constexpr const char* kCreateSubmissionStage =
    "CREATE TEMP TABLE stage_submissions (system_id BIGINT NOT NULL, system_code TEXT NOT NULL,"
    " source_row INTEGER NOT NULL, answers TEXT NOT NULL, answers_hash TEXT NOT NULL, score DOUBLE PRECISION,"
    " group_scores TEXT NOT NULL, change_json TEXT NOT NULL, action TEXT)";

// Each parameter appears once: SOCI binds a repeated name only once.
// created: no current submission; replaced: a different one; unchanged: the same answers.
inline constexpr const char* kClassifyStage =
    "UPDATE stage_submissions SET action = CASE"
    " WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.campaign_id = :c1 AND s.is_current = 1"
    "   AND s.system_id = stage_submissions.system_id AND s.answers_hash = stage_submissions.answers_hash)"
    "   THEN 'unchanged'"
    " WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.campaign_id = :c2 AND s.is_current = 1"
    "   AND s.system_id = stage_submissions.system_id) THEN 'replaced'"
    " ELSE 'created' END";

// Rows naming a system an earlier row of the file named: code, row, first row.
inline constexpr const char* kRepeatedRows =
    "SELECT system_code, source_row, first_row FROM (SELECT system_code, source_row,"
    " min(source_row) OVER (PARTITION BY system_code) AS first_row FROM stage_submissions) r"
    " WHERE source_row > first_row ORDER BY source_row";

inline constexpr const char* kCountStageAction = "SELECT count(*) FROM stage_submissions WHERE action = :action";

inline constexpr const char* kInsertUpload =
    "INSERT INTO uploads (campaign_id, scope, actor, source, content_hash, at, row_count, created, replaced,"
    " unchanged) VALUES (:c, :scope, :actor, :source, :hash, :at, :rows, :created, :replaced, :unchanged)";

// Safe under the write lock every writer holds.
inline constexpr const char* kLastUpload = "SELECT max(id) FROM uploads";

inline constexpr const char* kSupersede =
    "UPDATE submissions SET is_current = 0 WHERE campaign_id = :c AND is_current = 1"
    " AND system_id IN (SELECT system_id FROM stage_submissions WHERE action = 'replaced')";

inline constexpr const char* kInsertSubmissions =
    "INSERT INTO submissions (campaign_id, system_id, upload_id, source_row, answers, answers_hash, score,"
    " group_scores, is_current, submitted_at)"
    " SELECT :c, system_id, :u, source_row, answers, answers_hash, score, group_scores, 1, :at"
    " FROM stage_submissions WHERE action <> 'unchanged' ORDER BY source_row";

inline constexpr const char* kLogSubmissions =
    "INSERT INTO changes (at, actor, kind, code, op, source, source_row, before_json, after_json)"
    " SELECT :at, :actor, 'submission', :campaign || system_code,"
    " CASE action WHEN 'created' THEN 'submit' ELSE 'supersede' END, :source, source_row, NULL, change_json"
    " FROM stage_submissions WHERE action <> 'unchanged' ORDER BY source_row";

inline constexpr const char* kDropSubmissionStage = "DROP TABLE stage_submissions";

}  // namespace syscensus::survey::sql
