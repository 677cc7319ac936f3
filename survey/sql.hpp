#pragma once
// The survey's SQL, portable between SQLite and PostgreSQL.
namespace syscensus::survey::sql {

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
