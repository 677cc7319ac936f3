#pragma once
// The fields of units, entities and systems: CSV columns, JSON keys and
// change-log documents all follow these descriptions.
#include "registry/record.hpp"

namespace syscensus::registry {

/// code, name, kind, parent, valid_from, valid_to, merged_into; key "code@valid_from".
const RecordSpec& unit_spec();
/// code, name, kind, parent, province, contact_name, contact_email, contact_phone.
const RecordSpec& entity_spec();
/// code, name, owner, operator, province, category, level, dossier_status, ...
const RecordSpec& system_spec();

}  // namespace syscensus::registry
