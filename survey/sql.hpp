#pragma once
// The survey's SQL, portable between SQLite and PostgreSQL.
namespace syscensus::survey::sql {

// Every row's system code, for finding repeats across the whole file.
inline constexpr const char* kCreateRowStage =
    "CREATE TEMP TABLE stage_rows (system_code TEXT NOT NULL, source_row INTEGER NOT NULL)";

// Rows naming a system an earlier row of the file named: code, row, first row.
inline constexpr const char* kRepeatedRows =
    "SELECT system_code, source_row, first_row FROM (SELECT system_code, source_row,"
    " min(source_row) OVER (PARTITION BY system_code) AS first_row FROM stage_rows) r"
    " WHERE source_row > first_row ORDER BY source_row";

inline constexpr const char* kDropRowStage = "DROP TABLE stage_rows";

inline constexpr const char* kMaxSystemId = "SELECT coalesce(max(id), 0) FROM systems";

// The upload's row before its submissions; kCompleteUpload fills in the rest.
inline constexpr const char* kBeginUpload =
    "INSERT INTO uploads (campaign_id, scope, actor, source, content_hash, at, row_count, created, replaced,"
    " unchanged) VALUES (:c, :scope, :actor, :source, '', :at, 0, 0, 0, 0)";

// Safe under the write lock every writer holds.
inline constexpr const char* kLastUpload = "SELECT max(id) FROM uploads";

inline constexpr const char* kCompleteUpload =
    "UPDATE uploads SET content_hash = :hash, row_count = :rows, created = :created, replaced = :replaced,"
    " unchanged = :unchanged WHERE id = :id";

}  // namespace syscensus::survey::sql
