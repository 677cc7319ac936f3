#pragma once
// The registry's SQL, portable between SQLite and PostgreSQL. Staging tables
// are temporary and live only inside the importing transaction.
#include <string>

namespace syscensus::registry::sql {

// --- units -----------------------------------------------------------------
/// A unit's record (unit_spec() order), read from kUnitRecordsFrom.
inline constexpr const char* kUnitRecordColumns = "u.code, u.name, u.kind, p.code, u.valid_from, u.valid_to, m.code";
inline constexpr const char* kUnitRecordsFrom =
    " FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units m ON m.id = u.merged_into_id";

inline constexpr const char* kCreateUnitStage =
    "CREATE TEMP TABLE stage_units (code TEXT NOT NULL, name TEXT NOT NULL, search_key TEXT NOT NULL,"
    " kind TEXT NOT NULL, valid_from DATE NOT NULL, valid_to DATE, parent_code TEXT, parent_from DATE,"
    " merged_code TEXT, merged_from DATE)";

inline constexpr const char* kMergeUnits =
    "INSERT INTO units (code, name, search_key, kind, valid_from, valid_to)"
    " SELECT code, name, search_key, kind, valid_from, valid_to FROM stage_units WHERE true"
    " ON CONFLICT (code, valid_from) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,"
    " kind = excluded.kind, valid_to = excluded.valid_to";

inline constexpr const char* kIndexUnitStage =
    "CREATE INDEX stage_units_key ON stage_units (code, valid_from)";

// References are set after the insert so units may refer to units of the same file.
inline constexpr const char* kLinkUnits =
    "UPDATE units SET"
    " parent_id = (SELECT p.id FROM stage_units s JOIN units p ON p.code = s.parent_code"
    "   AND p.valid_from = s.parent_from WHERE s.code = units.code AND s.valid_from = units.valid_from),"
    " merged_into_id = (SELECT m.id FROM stage_units s JOIN units m ON m.code = s.merged_code"
    "   AND m.valid_from = s.merged_from WHERE s.code = units.code AND s.valid_from = units.valid_from)"
    " WHERE EXISTS (SELECT 1 FROM stage_units s WHERE s.code = units.code AND s.valid_from = units.valid_from)";

inline constexpr const char* kDropUnitStage = "DROP TABLE stage_units";

// --- entities ----------------------------------------------------------------
inline constexpr const char* kSelectEntityRecords =
    "SELECT e.code, e.name, e.kind, p.code, u.code, e.contact_name, e.contact_email, e.contact_phone"
    " FROM entities e LEFT JOIN entities p ON p.id = e.parent_id LEFT JOIN units u ON u.id = e.unit_id";

inline constexpr const char* kCreateEntityStage =
    "CREATE TEMP TABLE stage_entities (code TEXT NOT NULL, name TEXT NOT NULL, search_key TEXT NOT NULL,"
    " kind TEXT NOT NULL, parent_code TEXT, unit_code TEXT, unit_from DATE, contact_name TEXT,"
    " contact_email TEXT, contact_phone TEXT)";

inline constexpr const char* kMergeEntities =
    "INSERT INTO entities (code, name, search_key, kind, unit_id, contact_name, contact_email, contact_phone)"
    " SELECT s.code, s.name, s.search_key, s.kind, u.id, s.contact_name, s.contact_email, s.contact_phone"
    " FROM stage_entities s LEFT JOIN units u ON u.code = s.unit_code AND u.valid_from = s.unit_from"
    " WHERE true"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,"
    " kind = excluded.kind, unit_id = excluded.unit_id, contact_name = excluded.contact_name,"
    " contact_email = excluded.contact_email, contact_phone = excluded.contact_phone";

// Indexed once loaded, so that linking looks each row up instead of scanning
// the stage per entity (quadratic: about a minute for 24,000 entities).
inline constexpr const char* kIndexEntityStage = "CREATE INDEX stage_entities_code ON stage_entities (code)";

inline constexpr const char* kLinkEntities =
    "UPDATE entities SET parent_id = (SELECT p.id FROM stage_entities s JOIN entities p"
    "   ON p.code = s.parent_code WHERE s.code = entities.code)"
    " WHERE code IN (SELECT code FROM stage_entities)";

inline constexpr const char* kDropEntityStage = "DROP TABLE stage_entities";

// Code, id and province of every entity, for checking and resolving references.
inline constexpr const char* kSelectEntityRefs =
    "SELECT e.code, e.id, u.code FROM entities e LEFT JOIN units u ON u.id = e.unit_id";

// --- systems -----------------------------------------------------------------
/// A system's record columns (system_spec() order) from `systems s` with kSystemOwnerJoins; the
/// unit is `unit`: u.code with kSystemUnitJoin, or s.unit_id for a reader that maps ids to units
/// itself (a UnitIndex).
inline std::string system_record_columns(const char* unit = "u.code") {
  return std::string("s.code, s.name, o.code, op.code, ") + unit +
         ", s.category, s.level, s.dossier_status, s.decision_no, s.decision_date, s.info_types,"
         " s.personal_data_subjects, s.internet_facing, s.shared_scope, s.hosting, s.lifecycle, s.go_live,"
         " s.retired_on";
}

/// The joins that complete a system's row (`s`) with its owner and operator, and with its unit.
inline constexpr const char* kSystemOwnerJoins =
    " JOIN entities o ON o.id = s.owner_id LEFT JOIN entities op ON op.id = s.operator_id";
inline constexpr const char* kSystemUnitJoin = " LEFT JOIN units u ON u.id = s.unit_id";

/// The columns an import writes, in the order of kCreateSystemStage.
inline constexpr const char* kSystemColumns =
    "code, name, search_key, owner_id, operator_id, unit_id, category, level, dossier_status, decision_no,"
    " decision_date, info_types, personal_data_subjects, internet_facing, shared_scope, hosting, lifecycle,"
    " go_live, retired_on";

/// Systems to merge (PostgreSQL: the changed ones; SQLite: every one written), references as ids.
inline constexpr const char* kCreateSystemStage =
    "CREATE TEMP TABLE stage_systems (code TEXT NOT NULL, name TEXT NOT NULL, search_key TEXT NOT NULL,"
    " owner_id BIGINT NOT NULL, operator_id BIGINT, unit_id BIGINT, category TEXT NOT NULL, level INTEGER,"
    " dossier_status TEXT NOT NULL, decision_no TEXT, decision_date DATE, info_types TEXT,"
    " personal_data_subjects BIGINT, internet_facing INTEGER NOT NULL, shared_scope TEXT, hosting TEXT,"
    " lifecycle TEXT NOT NULL, go_live DATE, retired_on DATE)";

/// Inserts the staged systems, or updates the stored one of the same code (its version goes up).
inline std::string merge_systems() {
  return std::string("INSERT INTO systems (") + kSystemColumns + ") SELECT " + kSystemColumns +
         " FROM stage_systems WHERE true"
         " ON CONFLICT (code) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,"
         " owner_id = excluded.owner_id, operator_id = excluded.operator_id, unit_id = excluded.unit_id,"
         " category = excluded.category, level = excluded.level, dossier_status = excluded.dossier_status,"
         " decision_no = excluded.decision_no, decision_date = excluded.decision_date,"
         " info_types = excluded.info_types, personal_data_subjects = excluded.personal_data_subjects,"
         " internet_facing = excluded.internet_facing, shared_scope = excluded.shared_scope,"
         " hosting = excluded.hosting, lifecycle = excluded.lifecycle, go_live = excluded.go_live,"
         " retired_on = excluded.retired_on, version = systems.version + 1";
}

inline constexpr const char* kDropSystemStage = "DROP TABLE stage_systems";

}  // namespace syscensus::registry::sql
