#pragma once
// Owners and operators: listing (optionally everything under one entity) and
// one entity with its place in the hierarchy.
#include <string>
#include <vector>

#include "registry/record.hpp"
#include "schema/database.hpp"

namespace syscensus::registry {

struct EntityFilter {
  std::string under;     ///< an entity code: it and everything below it
  std::string kind;      ///< one entity kind
  std::string province;  ///< a province code; an old code rolls up into its successor
  std::string search;    ///< part of the name or code, with or without diacritics
  long long limit = 0;
};

struct EntityView {
  Record record;            ///< entity_spec() fields
  std::string parent_name;
  long long children = 0;   ///< direct sub-entities
  long long systems = 0;    ///< systems it owns directly
};

/// Entities matching the filter, by code. Throws InvalidInput for an unknown
/// `under` entity, kind or province.
std::vector<EntityView> list_entities(schema::Database& db, const EntityFilter& filter);

/// One entity; throws NotFound.
EntityView get_entity(schema::Database& db, const std::string& code);

}  // namespace syscensus::registry
